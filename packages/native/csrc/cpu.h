// Which SIMD kernels this CPU can run, chosen once at load (and overridable for tests).
#pragma once

enum class Kernel { Portable = 0, Avx2 = 1, Avx512 = 2 };

Kernel best_kernel();
const char* kernel_name(Kernel k);
bool kernel_supported(Kernel k);

// The kernel in use (best_kernel() unless set_kernel() chose another supported one).
Kernel current_kernel();
void set_kernel(Kernel k);
