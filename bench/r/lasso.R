# glmnet side of bench/lasso.bench.mjs. Usage: Rscript lasso.R DATA.csv REPS
# DATA.csv: columns y (0/1), foldid (1..10), x1..xp. After one untimed warm-up run, times REPS runs
# (system.time; CSV reading excluded) of cv.glmnet(x, y, family = "binomial", foldid = foldid) with all
# other arguments at their defaults (alpha = 1, nlambda = 100, type.measure = "deviance",
# standardize = TRUE, thresh = 1e-7), and prints one "key value..." line per figure (17 significant digits).
suppressPackageStartupMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
reps <- as.integer(args[2])
y <- d$y
foldid <- d$foldid
x <- as.matrix(d[, -(1:2)])
cv <- cv.glmnet(x, y, family = "binomial", foldid = foldid)
el <- cpu <- numeric(reps)
for (k in seq_len(reps)) {
  s <- system.time(cv <- cv.glmnet(x, y, family = "binomial", foldid = foldid))
  el[k] <- s[["elapsed"]]
  cpu[k] <- s[["user.self"]] + s[["sys.self"]]
}
f <- function(v) format(v, digits = 17)
i <- which(cv$lambda == cv$lambda.min)
cat("R", R.version.string, "\n")
cat("glmnet", as.character(packageVersion("glmnet")), "\n")
cat("elapsed_ms", f(1000 * el), "\n")
cat("cpu_ms", f(1000 * cpu), "\n")
cat("nlambda", length(cv$lambda), "\n")
cat("lambda_min", f(cv$lambda.min), "\n")
cat("lambda_1se", f(cv$lambda.1se), "\n")
cat("index_min", i, "\n")
cat("nzero_min", cv$nzero[i], "\n")
cat("lambda", f(cv$lambda), "\n")
cat("cvm", f(cv$cvm), "\n")
