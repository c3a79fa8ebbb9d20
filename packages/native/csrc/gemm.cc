// A blocked single-precision GEMM in the usual shape: B is packed into
// column panels of NR, A into row panels of MR, and an MR x NR micro-kernel
// (AVX-512, AVX2+FMA or plain C++, chosen at run time) accumulates over a KC
// slice of K in registers. Edges are packed with zeros, so the micro-kernel
// always runs whole tiles and only the write-back looks at the edges.
#include "gemm.h"

#include <algorithm>
#include <atomic>
#include <utility>
#include <vector>

#include "cpu.h"
#include "threads.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace {

constexpr int KC = 256;
constexpr int NC = 512;
constexpr int MAX_MR = 8, MAX_NR = 32;

struct Operand {
  const float* p;
  int ld;
  bool trans;  // op(X)[row, col] = trans ? p[col ld + row] : p[row ld + col]
};

#if defined(__x86_64__) || defined(__i386__)
// out[j * out_stride + i] = src[i * src_stride + j] for i, j < 8: an 8 x 8 transpose in AVX registers.
__attribute__((target("avx"))) void transpose_8x8_avx(const float* src, long src_stride, float* out, long out_stride) {
  __m256 r[8];
  for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(src + i * src_stride);
  // pairs of rows interleaved, then pairs of pairs, then the 128-bit halves swapped into place
  __m256 t[8], u[8];
  for (int i = 0; i < 8; i += 2) {
    t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 8; i += 4) {
    u[i] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
    u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
    u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
    u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  for (int j = 0; j < 4; j++) {
    _mm256_storeu_ps(out + j * out_stride, _mm256_permute2f128_ps(u[j], u[j + 4], 0x20));
    _mm256_storeu_ps(out + (j + 4) * out_stride, _mm256_permute2f128_ps(u[j], u[j + 4], 0x31));
  }
}
#endif

// Whether transpose_8x8_avx runs here (the AVX2 and AVX-512 kernels imply AVX).
bool transposes_in_registers() { return current_kernel() != Kernel::Portable; }

void transpose_8x8(const float* src, long src_stride, float* out, long out_stride) {
#if defined(__x86_64__) || defined(__i386__)
  transpose_8x8_avx(src, src_stride, out, out_stride);
#else
  // Never reached off x86 (transposes_in_registers() is false there, so the packers keep their plain
  // loops); present only so that the callers compile on every target.
  for (int i = 0; i < 8; i++)
    for (int j = 0; j < 8; j++) out[j * out_stride + i] = src[i * src_stride + j];
#endif
}

// dst[0 : n] = src[0 : n] for the short runs of packing, without a call into the C library per run.
template <int N>
inline void copy_run(const float* src, float* dst) {
  for (int i = 0; i < N; i++) dst[i] = src[i];
}
inline __attribute__((always_inline)) void copy_short(const float* src, float* dst, int n) {
  switch (n) {
    case 8: return copy_run<8>(src, dst);
    case 16: return copy_run<16>(src, dst);
    case 32: return copy_run<32>(src, dst);
    default: for (int i = 0; i < n; i++) dst[i] = src[i];
  }
}

// Packs op(A)[i0 : i0 + mc, p0 : p0 + kc] into panels of mr rows: panel[k * mr + r].
// Packing only moves floats (the micro-kernel's sums are untouched), so these loops may read and write in
// any order: runs that are contiguous in the source are copied as runs, and a transposing copy goes
// through 8 x 8 blocks in registers where the CPU has AVX (strided single-float stores were most of the
// packing's time at DDPG's sizes).
void pack_a(const Operand& a, int i0, int mc, int p0, int kc, int mr, float* out) {
  const bool blocks = transposes_in_registers();
  for (int ip = 0; ip < mc; ip += mr, out += static_cast<long>(kc) * mr) {
    const int rows = std::min(mr, mc - ip);
    if (a.trans) {
      // op(A)[i, k] = p[k ld + i]: a panel's values of one k lie side by side
      for (int k = 0; k < kc; k++) {
        float* dst = out + k * mr;
        copy_short(a.p + static_cast<long>(p0 + k) * a.ld + i0 + ip, dst, rows);
        for (int r = rows; r < mr; r++) dst[r] = 0.f;
      }
      continue;
    }
    // op(A)[i, k] = p[i ld + k]: each row runs along k and lands every mr floats
    const float* src = a.p + static_cast<long>(i0 + ip) * a.ld + p0;
    int k = 0;
    if (blocks && mr == 8 && rows == 8)
      for (; k + 8 <= kc; k += 8) transpose_8x8(src + k, a.ld, out + k * 8, 8);
    for (; k < kc; k++) {
      for (int r = 0; r < rows; r++) out[k * mr + r] = src[static_cast<long>(r) * a.ld + k];
      for (int r = rows; r < mr; r++) out[k * mr + r] = 0.f;
    }
  }
}

// Packs op(B)[p0 : p0 + kc, j0 : j0 + nc] into panels of nr columns: panel[k * nr + c].
void pack_b(const Operand& b, int p0, int kc, int j0, int nc, int nr, float* out) {
  const bool blocks = transposes_in_registers();
  for (int jp = 0; jp < nc; jp += nr, out += static_cast<long>(kc) * nr) {
    const int cols = std::min(nr, nc - jp);
    if (!b.trans) {
      // op(B)[k, j] = p[k ld + j]: a panel row is a run of B's row
      for (int k = 0; k < kc; k++) {
        float* row = out + k * nr;
        copy_short(b.p + static_cast<long>(p0 + k) * b.ld + j0 + jp, row, cols);
        for (int c = cols; c < nr; c++) row[c] = 0.f;
      }
      continue;
    }
    // op(B)[k, j] = p[j ld + k]: each column runs along k and lands every nr floats
    if (cols < nr) std::fill(out, out + static_cast<long>(kc) * nr, 0.f);
    int c = 0;
    if (blocks) {
      for (; c + 8 <= cols; c += 8) {
        const float* src = b.p + static_cast<long>(j0 + jp + c) * b.ld + p0;
        int k = 0;
        for (; k + 8 <= kc; k += 8) transpose_8x8(src + k, b.ld, out + k * nr + c, nr);
        for (; k < kc; k++)
          for (int i = 0; i < 8; i++) out[k * nr + c + i] = src[static_cast<long>(i) * b.ld + k];
      }
    }
    for (; c < cols; c++) {
      const float* src = b.p + static_cast<long>(j0 + jp + c) * b.ld + p0;
      for (int k = 0; k < kc; k++) out[k * nr + c] = src[k];
    }
  }
}

using MicroKernel = void (*)(int kc, const float* a, const float* b, float* acc);

template <int MR, int NR>
void micro_portable(int kc, const float* a, const float* b, float* acc) {
  float t[MR][NR] = {};
  for (int k = 0; k < kc; k++)
    for (int r = 0; r < MR; r++)
      for (int c = 0; c < NR; c++) t[r][c] += a[k * MR + r] * b[k * NR + c];
  for (int r = 0; r < MR; r++)
    for (int c = 0; c < NR; c++) acc[r * NR + c] = t[r][c];
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2,fma"))) void micro_avx2(int kc, const float* a, const float* b, float* acc) {
  constexpr int MR = 6;
  __m256 c[MR][2];
  for (int r = 0; r < MR; r++) c[r][0] = c[r][1] = _mm256_setzero_ps();
  for (int k = 0; k < kc; k++) {
    __m256 b0 = _mm256_loadu_ps(b + k * 16), b1 = _mm256_loadu_ps(b + k * 16 + 8);
    for (int r = 0; r < MR; r++) {
      __m256 ar = _mm256_broadcast_ss(a + k * MR + r);
      c[r][0] = _mm256_fmadd_ps(ar, b0, c[r][0]);
      c[r][1] = _mm256_fmadd_ps(ar, b1, c[r][1]);
    }
  }
  for (int r = 0; r < MR; r++) {
    _mm256_storeu_ps(acc + r * 16, c[r][0]);
    _mm256_storeu_ps(acc + r * 16 + 8, c[r][1]);
  }
}

__attribute__((target("avx512f,fma"))) void micro_avx512(int kc, const float* a, const float* b, float* acc) {
  constexpr int MR = 8;
  __m512 c[MR][2];
  for (int r = 0; r < MR; r++) c[r][0] = c[r][1] = _mm512_setzero_ps();
  for (int k = 0; k < kc; k++) {
    __m512 b0 = _mm512_loadu_ps(b + k * 32), b1 = _mm512_loadu_ps(b + k * 32 + 16);
    for (int r = 0; r < MR; r++) {
      __m512 ar = _mm512_set1_ps(a[k * MR + r]);
      c[r][0] = _mm512_fmadd_ps(ar, b0, c[r][0]);
      c[r][1] = _mm512_fmadd_ps(ar, b1, c[r][1]);
    }
  }
  for (int r = 0; r < MR; r++) {
    _mm512_storeu_ps(acc + r * 32, c[r][0]);
    _mm512_storeu_ps(acc + r * 32 + 16, c[r][1]);
  }
}
#endif

struct Shape {
  int mr, nr;
  MicroKernel kernel;
};

Shape shape_for(Kernel k) {
#if defined(__x86_64__) || defined(__i386__)
  if (k == Kernel::Avx512) return {8, 32, micro_avx512};
  if (k == Kernel::Avx2) return {6, 16, micro_avx2};
#endif
  (void)k;
  return {4, 16, micro_portable<4, 16>};
}

// Where the product goes: C itself, or, for a problem solved transposed (sgemm), C^T, so that the product's
// element (i, j) is c[j ldc + i].
struct Target {
  float* c;
  int ldc;
  bool transposed;
};

// C = alpha t + beta C for the first K block (beta 0 never reads C), C += alpha t for the later ones; alpha = 1
// and beta = 1 (every product of the networks) skip the multiplications, which is exact (x * 1 = x).
void write_back(float* row, const float* t, int cols, bool first, float alpha, float beta) {
  const bool add = !first || beta == 1.f;
  if (alpha == 1.f && add) for (int q = 0; q < cols; q++) row[q] += t[q];
  else if (alpha == 1.f && beta == 0.f) copy_short(t, row, cols);
  else if (!first) for (int q = 0; q < cols; q++) row[q] += alpha * t[q];
  else if (beta == 0.f) for (int q = 0; q < cols; q++) row[q] = alpha * t[q];
  else for (int q = 0; q < cols; q++) row[q] = beta * row[q] + alpha * t[q];
}

// The same operations as write_back, into a column of C (every ldc floats).
void write_back_strided(float* column, long ldc, const float* t, int cols, bool first, float alpha, float beta) {
  for (int q = 0; q < cols; q++) {
    float& x = column[q * ldc];
    if (!first) x = x + alpha * t[q];
    else if (beta == 0.f) x = alpha * t[q];
    else x = beta * x + alpha * t[q];
  }
}

// One thread's share: the product's [i0 : i0 + m, j0 : j0 + n].
void gemm_block(const Shape& s, const Operand& a, const Operand& b, int i0, int m, int j0, int n, int k, float alpha, float beta,
                const Target& out) {
  const int mc_max = s.mr * 16;
  thread_local std::vector<float> pa, pb;
  pa.resize(static_cast<size_t>(mc_max) * KC);
  pb.resize(static_cast<size_t>(NC + MAX_NR) * KC);
  alignas(64) float acc[MAX_MR * MAX_NR];
  for (int jc = 0; jc < n; jc += NC) {
    int nc = std::min(NC, n - jc);
    for (int pc = 0; pc < k || (k == 0 && pc == 0); pc += KC) {
      int kc = std::min(KC, k - pc);
      bool first = pc == 0;
      if (kc > 0) pack_b(b, pc, kc, j0 + jc, nc, s.nr, pb.data());
      for (int ic = 0; ic < m; ic += mc_max) {
        int mc = std::min(mc_max, m - ic);
        if (kc > 0) pack_a(a, i0 + ic, mc, pc, kc, s.mr, pa.data());
        for (int jr = 0; jr < nc; jr += s.nr) {
          int cols = std::min(s.nr, nc - jr);
          for (int ir = 0; ir < mc; ir += s.mr) {
            int rows = std::min(s.mr, mc - ir);
            if (kc > 0) s.kernel(kc, pa.data() + static_cast<long>(ir) * kc, pb.data() + static_cast<long>(jr) * kc, acc);
            else std::fill(acc, acc + s.mr * s.nr, 0.f);
            for (int r = 0; r < rows; r++) {
              const long i = i0 + ic + ir + r, j = j0 + jc + jr;
              if (out.transposed) write_back_strided(out.c + j * out.ldc + i, out.ldc, acc + r * s.nr, cols, first, alpha, beta);
              else write_back(out.c + i * out.ldc + j, acc + r * s.nr, cols, first, alpha, beta);
            }
          }
        }
      }
      if (k == 0) break;
    }
  }
}

}  // namespace

std::atomic<unsigned long long> gemm_flops{0};

double sgemm_flops() { return static_cast<double>(gemm_flops.load()); }

void sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
           float beta, float* c, int ldc, int threads) {
  if (m <= 0 || n <= 0) return;
  const Shape s = shape_for(current_kernel());
  // A narrow C (a layer with a few outputs) would fill few of a micro-tile's nr columns: solve C^T = op(B)^T op(A)^T
  // instead, where it fills few of mr rows. Each element is still one product summed over k in the same order
  // (a fused multiply-add does not care which factor is which), so the bits are the same either way.
  const auto tiles = [&](long rows, long cols) { return ((rows + s.mr - 1) / s.mr) * s.mr * ((cols + s.nr - 1) / s.nr) * s.nr; };
  const bool transposed = n < s.nr && 2 * tiles(n, m) <= tiles(m, n);
  const Operand A = transposed ? Operand{b, ldb, !trans_b} : Operand{a, lda, trans_a};
  const Operand B = transposed ? Operand{a, lda, !trans_a} : Operand{b, ldb, trans_b};
  const Target out{c, ldc, transposed};
  if (transposed) std::swap(m, n);
  // Split the larger of M and N into whole micro-tiles; small problems stay on one thread.
  long flops = 2L * m * n * std::max(k, 1);
  gemm_flops.fetch_add(2ULL * m * n * k, std::memory_order_relaxed);
  int parts = static_cast<int>(std::max<long>(1, std::min<long>(threads, flops / (1L << 20))));
  bool split_m = m / s.mr >= n / s.nr;
  int units = split_m ? (m + s.mr - 1) / s.mr : (n + s.nr - 1) / s.nr;
  parts = std::min(parts, units);
  run_parts(parts, [&](int p) {
    int u0 = units * p / parts, u1 = units * (p + 1) / parts;
    if (split_m) {
      int i0 = u0 * s.mr, i1 = std::min(m, u1 * s.mr);
      if (i1 > i0) gemm_block(s, A, B, i0, i1 - i0, 0, n, k, alpha, beta, out);
    } else {
      int j0 = u0 * s.nr, j1 = std::min(n, u1 * s.nr);
      if (j1 > j0) gemm_block(s, A, B, 0, m, j0, j1 - j0, k, alpha, beta, out);
    }
  });
}
