/* A C multi-spin coded Metropolis for the 2D Ising model with 64 spins per 64-bit word, the
 * reference of the `ising.multispin.flips` bench. The same method as the engine
 * (src/engine/ising/multispin.ts) at twice its word width: per word the number a of
 * anti-aligned neighbours is added bitwise; classes with ΔE ≤ 0 flip outright; each other
 * spin compares its own uniform number, one bit per random word, with the binary digits of
 * its class's acceptance probability ⌊p·2^32⌋/2^32, most significant first, drawing words only
 * while some spin of the word is undecided. xoshiro256** gives the 64-bit words.
 *
 * Layout: W = L/64 words per row, bit k of word (y, w) holds x = k·W + w; W even, so a word is
 * one sublattice colour and a half sweep updates every other word.
 *
 *   multispin64 L T seconds  →  {"sweeps":…,"flips":…,"cpuSeconds":…}
 * J = 1, B = 0. Warm-up: max(20, 2·10^7/L²) sweeps from a random start, as the bench does; then
 * sweeps for `seconds` of this process's CPU time. flips = attempted flips = sweeps·L².
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t s[4] = {0x9e3779b97f4a7c15ull, 0xbf58476d1ce4e5b9ull, 0x94d049bb133111ebull, 0x2545f4914f6cdd1dull};

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t next(void) {
  uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return r;
}

static double cpuNow(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static uint64_t *lat;
static int L, W;
/* certain[c] = all ones where class c = 2a + (σ = +1) always flips; open classes with digits */
static uint64_t certain[10];
static int nOpen, openA[10], openSel[10];
static uint32_t digits[10];

static void plan(double T) {
  nOpen = 0;
  for (int a = 0; a <= 4; a++) {
    uint32_t th[2];
    int sure[2];
    for (int up = 0; up <= 1; up++) {
      double sigma = up ? 1 : -1, S = sigma * (4 - 2 * a), dE = 2 * sigma * S; /* J = 1, B = 0 */
      double p = dE <= 0 ? 1 : exp(-dE / T);
      sure[up] = p >= 1;
      th[up] = sure[up] ? 0 : (uint32_t)floor(p * 4294967296.0);
      certain[2 * a + up] = sure[up] ? ~0ull : 0;
    }
    if (!sure[0] && !sure[1] && th[0] == th[1]) {
      openA[nOpen] = a, openSel[nOpen] = 2, digits[nOpen++] = th[0];
      continue;
    }
    for (int up = 0; up <= 1; up++)
      if (!sure[up]) openA[nOpen] = a, openSel[nOpen] = up, digits[nOpen++] = th[up];
  }
}

static void pass(int color) {
  uint64_t drawn[32];
  for (int y = 0; y < L; y++) {
    uint64_t *row = lat + (size_t)y * W, *up = lat + (size_t)(y == 0 ? L - 1 : y - 1) * W, *dn = lat + (size_t)(y == L - 1 ? 0 : y + 1) * W;
    for (int w = (y + color) & 1; w < W; w += 2) {
      uint64_t sp = row[w];
      uint64_t vl = w == 0 ? row[W - 1] : row[w - 1], vr = w == W - 1 ? row[0] : row[w + 1];
      uint64_t left = w == 0 ? rotl(vl, 1) : vl, right = w == W - 1 ? rotl(vr, 63) : vr;
      uint64_t d1 = sp ^ up[w], d2 = sp ^ dn[w], d3 = sp ^ left, d4 = sp ^ right;
      uint64_t x1 = d1 ^ d2, x2 = d3 ^ d4, k1 = d1 & d2, k2 = d3 & d4, k3 = x1 & x2;
      uint64_t a0 = x1 ^ x2, a1 = k1 ^ k2 ^ k3, a2 = k1 & k2;
      uint64_t m[5] = {~(a0 | a1 | a2), a0 & ~a1, a1 & ~a0, a0 & a1, a2};
      uint64_t ns = ~sp, flip = 0;
      for (int a = 0; a <= 4; a++) flip |= m[a] & ((ns & certain[2 * a]) | (sp & certain[2 * a + 1]));
      int have = 0;
      for (int j = 0; j < nOpen; j++) {
        uint64_t undecided = m[openA[j]] & (openSel[j] == 2 ? ~0ull : openSel[j] ? sp : ns);
        uint32_t p = digits[j];
        for (int k = 0; undecided && k < 32; k++) {
          uint64_t r = k < have ? drawn[k] : (drawn[have++] = next());
          if (p & 0x80000000u) flip |= undecided & ~r, undecided &= r;
          else undecided &= ~r;
          p <<= 1;
        }
      }
      row[w] = sp ^ flip;
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 4) return fprintf(stderr, "usage: multispin64 L T seconds\n"), 2;
  L = atoi(argv[1]);
  double T = atof(argv[2]), seconds = atof(argv[3]);
  if (L < 128 || L % 128) return fprintf(stderr, "L must be a multiple of 128 (an even number of words per row)\n"), 2;
  W = L / 64;
  lat = malloc(sizeof(uint64_t) * (size_t)L * W);
  for (size_t i = 0; i < (size_t)L * W; i++) lat[i] = next();
  plan(T);
  long warm = 20000000L / ((long)L * L);
  if (warm < 20) warm = 20;
  for (long k = 0; k < warm; k++) pass(0), pass(1);
  uint64_t sweeps = 0;
  double t0 = cpuNow(), dt = 0;
  while (dt < seconds) {
    pass(0), pass(1);
    sweeps++;
    dt = cpuNow() - t0;
  }
  uint64_t up = 0;
  for (size_t i = 0; i < (size_t)L * W; i++) up += (uint64_t)__builtin_popcountll(lat[i]);
  fprintf(stderr, "m = %f\n", (2.0 * up - (double)L * L) / ((double)L * L));
  printf("{\"sweeps\":%llu,\"flips\":%llu,\"cpuSeconds\":%.6f}\n", (unsigned long long)sweeps, (unsigned long long)sweeps * L * L, dt);
  return 0;
}
