/*
 * Plain C reference of the logistic-ball workload (bench/run.ts): the same math as the engine, written
 * the way one would in C. Logistic regression, X uniform in [-1,1]^{n x d}, labels Bernoulli(1/2) in
 * {-1,+1}, w_0 = 0, alpha_t = 1/sqrt(t), projection onto the ball of radius 10, and FWA(k) kept every
 * step as the engine keeps it (src/engine/averaging.ts): w_t copied into a ring each step, the window
 * summed with Neumaier compensation when the mean is read (here once, at T). k = 0: plain SGD.
 * Data generation is not bit-identical to the engine's (different generator), only the sizes and math.
 *
 * usage: logistic-ball d n T k seed
 *   -> {"stepsPerSecond": ..., "loss": ..., "seconds": ..., "cpuSeconds": ...}   (wall and process CPU time)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t s0, s1;
static uint64_t next(void) { /* xoroshiro128+ */
  uint64_t a = s0, b = s1, r = a + b;
  b ^= a;
  s0 = ((a << 24) | (a >> 40)) ^ b ^ (b << 16);
  s1 = (b << 37) | (b >> 27);
  return r;
}
static double uniform01(void) { return (next() >> 11) * 0x1.0p-53; }
static uint32_t index_below(uint32_t n) { /* Lemire's unbiased bounded integer */
  uint64_t m = (uint64_t)(uint32_t)(next() >> 32) * n;
  uint32_t l = (uint32_t)m;
  if (l < n) {
    uint32_t t = -n % n;
    while (l < t) {
      m = (uint64_t)(uint32_t)(next() >> 32) * n;
      l = (uint32_t)m;
    }
  }
  return (uint32_t)(m >> 32);
}
static double softplus(double z) { return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z)); }

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s d n T k seed\n", argv[0]);
    return 2;
  }
  const int d = atoi(argv[1]), n = atoi(argv[2]), k = atoi(argv[4]);
  const long T = atol(argv[3]);
  uint64_t z = strtoull(argv[5], 0, 10) + 0x9e3779b97f4a7c15ULL; /* splitmix64 seeding */
  for (int i = 0; i < 2; i++) {
    z += 0x9e3779b97f4a7c15ULL;
    uint64_t x = z;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    if (i) s1 = x ^ (x >> 31);
    else s0 = x ^ (x >> 31);
  }
  double *X = malloc(sizeof(double) * n * d), *y = malloc(sizeof(double) * n);
  for (long i = 0; i < (long)n * d; i++) X[i] = 2 * uniform01() - 1;
  for (int i = 0; i < n; i++) y[i] = uniform01() < 0.5 ? 1 : -1;
  double *w = calloc(d, sizeof(double)), *g = calloc(d, sizeof(double));
  double *ring = k > 0 ? calloc((size_t)k * d, sizeof(double)) : 0;
  double *sum = calloc(d, sizeof(double)), *comp = calloc(d, sizeof(double)), *avg = calloc(d, sizeof(double));
  const double R = 10;
  long count = 0, head = 0;

  struct timespec t0, t1, c0, c1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
  for (long t = 1; t <= T; t++) {
    const uint32_t i = index_below(n);
    const double *x = X + (long)i * d;
    double m = 0;
    for (int j = 0; j < d; j++) m += x[j] * w[j];
    const double yi = y[i];
    const double c = -yi / (1 + exp(yi * m)); /* d/dm log(1 + exp(-y m)) */
    for (int j = 0; j < d; j++) g[j] = c * x[j];
    const double a = 1 / sqrt((double)t);
    double n2 = 0;
    for (int j = 0; j < d; j++) {
      w[j] -= a * g[j];
      n2 += w[j] * w[j];
    }
    if (n2 > R * R) {
      const double s = R / sqrt(n2);
      for (int j = 0; j < d; j++) w[j] *= s;
    }
    if (k > 0) {
      memcpy(ring + head * d, w, sizeof(double) * d);
      if (count < k) count++;
      head = head + 1 == k ? 0 : head + 1;
    }
  }
  for (long r = 0; r < count; r++) /* the read: compensated window sum, oldest first */
    for (int j = 0; j < d; j++) {
      const double v = ring[((head + k - count + r) % k) * d + j], s = sum[j], tt = s + v;
      comp[j] += fabs(s) >= fabs(v) ? s - tt + v : v - tt + s;
      sum[j] = tt;
    }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  const double secs = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  const double cpu = (c1.tv_sec - c0.tv_sec) + 1e-9 * (c1.tv_nsec - c0.tv_nsec);
  for (int j = 0; j < d; j++) avg[j] = k > 0 ? (sum[j] + comp[j]) / (double)count : w[j];
  double loss = 0;
  for (int i = 0; i < n; i++) {
    double m = 0;
    for (int j = 0; j < d; j++) m += X[(long)i * d + j] * avg[j];
    loss += softplus(-y[i] * m);
  }
  printf("{\"stepsPerSecond\": %.6g, \"loss\": %.17g, \"seconds\": %.6g, \"cpuSeconds\": %.6g}\n", T / secs, loss / n, secs, cpu);
  return 0;
}
