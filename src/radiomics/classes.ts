// Registers every implemented feature class (one file per class). Add new classes here.
export {};
