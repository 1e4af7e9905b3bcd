# pROC side of bench/delong.bench.mjs. Usage: Rscript delong.R DATA.csv REPS
# DATA.csv: columns y (0/1), s1, s2. After one untimed warm-up run, times REPS runs (system.time;
# CSV reading excluded) of
#   r1 <- roc(y, s1); r2 <- roc(y, s2); ci.auc(r1, method = "delong"); roc.test(r1, r2, method = "delong", paired = TRUE)
# and prints one "key value..." line per figure (values with 17 significant digits).
suppressPackageStartupMessages(library(pROC))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
reps <- as.integer(args[2])
run <- function() {
  st <- system.time({
    r1 <- roc(d$y, d$s1, levels = c(0, 1), direction = "<", quiet = TRUE)
    r2 <- roc(d$y, d$s2, levels = c(0, 1), direction = "<", quiet = TRUE)
  })
  sc <- system.time(ci <- ci.auc(r1, method = "delong", conf.level = 0.95))
  sr <- system.time(tt <- roc.test(r1, r2, method = "delong", paired = TRUE))
  cpu <- function(s) s[["user.self"]] + s[["sys.self"]]
  list(ci = ci, tt = tt, el = c(st[["elapsed"]], sc[["elapsed"]], sr[["elapsed"]]), cpu = cpu(st) + cpu(sc) + cpu(sr))
}
invisible(run())
parts <- matrix(0, reps, 3) # elapsed per run: roc x 2, ci.auc, roc.test
cpu <- numeric(reps)
for (k in seq_len(reps)) {
  res <- run()
  parts[k, ] <- res$el
  cpu[k] <- res$cpu
}
f <- function(x) format(x, digits = 17)
cat("R", R.version.string, "\n")
cat("pROC", as.character(packageVersion("pROC")), "\n")
cat("elapsed_ms", f(1000 * rowSums(parts)), "\n")
cat("cpu_ms", f(1000 * cpu), "\n")
cat("roc_ms", f(1000 * parts[, 1]), "\n")
cat("ci_ms", f(1000 * parts[, 2]), "\n")
cat("test_ms", f(1000 * parts[, 3]), "\n")
cat("auc", f(as.numeric(res$ci[2])), "\n")
cat("ci_low", f(as.numeric(res$ci[1])), "\n")
cat("ci_high", f(as.numeric(res$ci[3])), "\n")
cat("auc2", f(as.numeric(res$tt$estimate[2])), "\n")
cat("z", f(as.numeric(res$tt$statistic)), "\n")
cat("p", f(as.numeric(res$tt$p.value)), "\n")
