#include "cpu.h"

static Kernel chosen = best_kernel();

bool kernel_supported(Kernel k) {
#if defined(__x86_64__) || defined(__i386__)
  switch (k) {
    case Kernel::Avx512: return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
    case Kernel::Avx2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    default: return true;
  }
#else
  return k == Kernel::Portable;
#endif
}

Kernel best_kernel() {
  if (kernel_supported(Kernel::Avx512)) return Kernel::Avx512;
  if (kernel_supported(Kernel::Avx2)) return Kernel::Avx2;
  return Kernel::Portable;
}

const char* kernel_name(Kernel k) {
  switch (k) {
    case Kernel::Avx512: return "avx512";
    case Kernel::Avx2: return "avx2";
    default: return "portable";
  }
}

Kernel current_kernel() { return chosen; }
void set_kernel(Kernel k) { chosen = k; }
