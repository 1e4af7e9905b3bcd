// Registers every feature class (one file per class).
import './firstorder.js';
import './shape.js';
import './shape2d.js';
import './glcm.js';
import './glrlm.js';
import './glszm.js';
import './gldm.js';
import './ngtdm.js';
