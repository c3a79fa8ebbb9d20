#include "vmath.h"

#include <cmath>

#include "cpu.h"
#include "simd_math.h"

namespace {

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx512f,fma"))) void tanh_avx512_array(float* x, long n) {
  long i = 0;
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(x + i, tanh_avx512(_mm512_loadu_ps(x + i)));
  if (i < n) {
    __mmask16 mask = static_cast<__mmask16>((1u << (n - i)) - 1);
    _mm512_mask_storeu_ps(x + i, mask, tanh_avx512(_mm512_maskz_loadu_ps(mask, x + i)));
  }
}

__attribute__((target("avx2,fma"))) void tanh_avx2_array(float* x, long n) {
  long i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(x + i, tanh_avx2(_mm256_loadu_ps(x + i)));
  for (; i < n; i++) x[i] = std::tanh(x[i]);
}
#endif

}  // namespace

void tanh_inplace(float* x, long n) {
#if defined(__x86_64__) || defined(__i386__)
  switch (current_kernel()) {
    case Kernel::Avx512: return tanh_avx512_array(x, n);
    case Kernel::Avx2: return tanh_avx2_array(x, n);
    default: break;
  }
#endif
  for (long i = 0; i < n; i++) x[i] = std::tanh(x[i]);
}
