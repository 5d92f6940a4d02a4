#pragma once
// The standard normal distribution, needed by BCa intervals and power calculations.
namespace clue::stats {

double NormalCdf(double z);
// Inverse CDF; p in (0, 1), 0 -> -inf, 1 -> +inf. Acklam's rational approximation refined by one
// Halley step, accurate to about 1e-15.
double NormalQuantile(double p);

}  // namespace clue::stats
