#pragma once

// C = alpha * op(A) op(B) + beta * C, all row-major float32; op(X) = X or X^T.
// op(A) is M x K, op(B) is K x N, C is M x N. beta == 0 never reads C.
// Every element of C is summed in the same order whatever the thread count,
// so 1, 2 or 16 threads give the same bits.
void sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
           float beta, float* c, int ldc, int threads);

// Floating-point operations (2 m n k) of every sgemm so far, for benchmarks.
double sgemm_flops();
