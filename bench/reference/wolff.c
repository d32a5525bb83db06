/* A plain C Wolff single-cluster code for the 2D Ising model (J = 1, B = 0), the reference of
 * the `ising.wolff.flips` bench. Deliberately the fast textbook form: a LIFO stack, each spin
 * flipped when it joins (so the spin value itself marks membership and no mark array is
 * needed), power-of-two masks for the periodic neighbours, xoshiro128** with an integer
 * threshold for p = 1 − e^{−2β}. It only flips: no energy or magnetization tally (the engine
 * keeps both exact per cluster), so it is the stricter reference.
 *
 *   wolff L T seconds  →  {"clusters":…,"flips":…,"cpuSeconds":…}
 * L must be a power of two. Warm-up: 3000 clusters from a random start, as the bench does;
 * then clusters for `seconds` of this process's CPU time (the machines are shared).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint32_t s[4] = {0x9e3779b9u, 0x243f6a88u, 0xb7e15162u, 0x6a09e667u};

static inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

static inline uint32_t next(void) {
  uint32_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return r;
}

static double cpuNow(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int8_t *spin;
static uint32_t *stack;
static uint32_t L, N, lmask, nmask, shift;
static uint64_t tAdd;

static uint32_t cluster(void) {
  uint32_t seed = next() >> shift;
  int8_t s0 = spin[seed];
  uint32_t top = 0, size = 1;
  spin[seed] = -s0;
  stack[top++] = seed;
  while (top) {
    uint32_t i = stack[--top];
    uint32_t x = i & lmask, row = i - x;
    uint32_t nb[4] = {row | ((x + 1) & lmask), row | ((x - 1) & lmask), (i + L) & nmask, (i - L) & nmask};
    for (int k = 0; k < 4; k++) {
      uint32_t j = nb[k];
      if (spin[j] == s0 && next() < tAdd) {
        spin[j] = -s0;
        stack[top++] = j;
        size++;
      }
    }
  }
  return size;
}

int main(int argc, char **argv) {
  if (argc < 4) return fprintf(stderr, "usage: wolff L T seconds\n"), 2;
  L = (uint32_t)atoi(argv[1]);
  double T = atof(argv[2]), seconds = atof(argv[3]);
  if (L < 2 || (L & (L - 1))) return fprintf(stderr, "L must be a power of two\n"), 2;
  N = L * L;
  lmask = L - 1;
  nmask = N - 1;
  shift = 32 - (uint32_t)__builtin_ctz(N);
  tAdd = (uint64_t)ceil(-expm1(-2.0 / T) * 4294967296.0);
  spin = malloc(N);
  stack = malloc(4 * (size_t)N);
  for (uint32_t i = 0; i < N; i++) spin[i] = (next() >> 31) ? 1 : -1;
  for (int k = 0; k < 3000; k++) cluster();
  uint64_t clusters = 0, flips = 0;
  double t0 = cpuNow(), dt = 0;
  while (dt < seconds) {
    for (int k = 0; k < 64; k++) flips += cluster();
    clusters += 64;
    dt = cpuNow() - t0;
  }
  printf("{\"clusters\":%llu,\"flips\":%llu,\"cpuSeconds\":%.6f}\n", (unsigned long long)clusters, (unsigned long long)flips, dt);
  return 0;
}
