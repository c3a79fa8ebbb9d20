// Element-wise maths on float arrays with the kernels chosen for this CPU.
#pragma once

// x[i] = tanh(x[i]) (absolute error a few 1e-8 on the SIMD kernels).
void tanh_inplace(float* x, long n);
