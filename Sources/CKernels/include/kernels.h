#ifndef VARLAB_KERNELS_H
#define VARLAB_KERNELS_H
#include <stdint.h>

// Hot loops of varlab's forward pass, in C so that each gets an AVX2/FMA clone picked at
// run time (target_clones) with a portable fallback: Swift has no per-function target
// attribute. Layout: a tile holds `T` points (a multiple of 16) as the contiguous index;
// rows are units. Weights are packed transposed, wt[k * ldw + i], ldw a multiple of 6.

/// z[i*T + p] = bias[i] + sum_k wt[k*ldw + i] * h[k*T + p] for i < nout (multiple of 6).
void vl_affine(const float *wt, int ldw, const float *bias, const float *h, int nin,
               int nout, int T, float *z);

/// vl_affine followed by a kernel activation (a VL_* code), applied in registers.
void vl_affine_activate(const float *wt, int ldw, const float *bias, const float *h, int nin,
                        int nout, int T, float *z, int code, float slope);

/// vl_affine storing both z and out = act(z) (a VL_* code).
void vl_affine_both(const float *wt, int ldw, const float *bias, const float *h, int nin,
                    int nout, int T, float *z, float *out, int code, float slope);

/// dh[k*T + p] = sum_i wt[k*ldw + i] * dz[i*T + p] for k < nrows (a multiple of 6), i < nout.
void vl_affine_t(const float *wt, int ldw, const float *dz, int nout, int nrows, int T, float *dh);

/// out[p] = b + sum_k w[k] * h[k*T + p].
void vl_rowvec(const float *w, float b, const float *h, int nin, int T, float *out);

/// Activation codes understood by the kernels (an activation's kernelCode in
/// ActivationRegistry.swift). Codes up to VL_LEAKY are applied in registers by the fused
/// kernels and in training; the smooth ones from VL_TANH on only by vl_activate, as a pass
/// over a stored tile (smooth_activations.c).
/// VL_CODES counts them: the kernel harness and the tests iterate 0 ..< VL_CODES, and every
/// code must be some registered activation's (ActivationRegistryTests), so a new code is
/// checked without anyone editing a list.
enum { VL_LINEAR = 0, VL_RELU = 1, VL_ABS = 2, VL_LEAKY = 3, VL_TANH = 4, VL_SIGMOID = 5, VL_ELU = 6, VL_GELU = 7, VL_SIN = 8, VL_CODES };

/// A code a kernel has no case for: prints its number and where, then aborts. No kernel has
/// a silent default (a missing case once made an activation the identity: V3 = 0, no error).
__attribute__((noreturn)) void vl_unknown_code(int code, const char *kernel);

/// The smooth activations over `count` floats in place (codes VL_TANH ... VL_SIN), within
/// 1e-6 relative error of float64 (absolute 1e-37 where the value underflows float32).
void vl_activate_smooth(float *z, int count, int code);

/// Any activation code over `count` doubles in place, with libm's functions (the float64
/// path of nearly flat landscapes).
void vl_activate_f64(double *z, int count, int code, double slope);
/// f of a net with one hidden layer at `count` points (xs, ys), in float64, without a tile of
/// hidden values: the same multiply-add chains as vl_affine_f64 and vl_activate_f64, so the
/// same values to the bit. `code` VL_SIN is not fused (returns 0: take the general path).
int vl_single_f64(const double *w1, const double *b1, const double *w2, double b2, int n, int code, double slope,
                  const double *xs, const double *ys, int count, double *out);

/// For rows i < n of z: records whether each unit was ever > 0 / < 0 (pos[i], neg[i] set
/// to 1, never cleared) and adds key[i] to the pattern hashes of points where z > 0 (when
/// hashA is not NULL). It does not change z: vl_activate applies the activation after it.
void vl_observe(const float *z, int n, int T, const uint32_t *keyA, const uint32_t *keyB,
                uint32_t *hashA, uint32_t *hashB, uint8_t *pos, uint8_t *neg);
/// z = act(z) in place for a kernel code.
void vl_activate(float *z, int count, int code, float slope);

/// One hidden layer on a 2-D input fused with the output layer (the wide, shallow case):
/// out[p] = b2 + sum_i w2[i] * act(w1[2i] x[p] + w1[2i+1] y[p] + b1[i]); with observers
/// as in vl_observe (keys, hashes and flags all given, or all NULL).
void vl_fused_single(const float *w1, const float *b1, const float *w2, float b2, int n,
                     int code, float slope, const float *x, const float *y, int T,
                     float *out, const uint32_t *keyA, const uint32_t *keyB,
                     uint32_t *hashA, uint32_t *hashB, uint8_t *pos, uint8_t *neg);


/// vl_fused_single without observers, faster (T a multiple of 32).
void vl_fused_single_fast(const float *w1, const float *b1, const float *w2, float b2, int n,
                          int code, float slope, const float *x, const float *y, int T, float *out);

// The single layer's observations over an r x r grid, a row at a time; 0 without memory.
int vl_single_grid_observe(const float *w1, const float *b1, int n, const float *axis, int r,
                           const uint32_t *keyA, const uint32_t *keyB, uint32_t *hashA, uint32_t *hashB,
                           uint8_t *pos, uint8_t *neg);

/// Weight gradient of one layer in the transposed layout:
/// dwt[k*ldw + i] = sum_p dz[i*T + p] * h[k*T + p], for i < nout, k < nin.
void vl_grad_outer(const float *dz, const float *h, int nout, int nin, int T, float *dwt, int ldw);

/// d[k*T + p] = w[k] * g[p]: the gradient flowing into the last hidden layer.
void vl_outer_rows(float *d, const float *w, const float *g, int n, int T);

/// dz = dh * phi'(z) for the kernel activation codes (subgradient 0 at the kink).
void vl_activation_backward(float *dz, const float *dh, const float *z, int count, int code, float slope);

/// One Adam step in place; c1, c2 are the bias corrections 1 - beta^t.
void vl_adam(float *w, const float *g, float *m, float *v, int n, float lr, float b1, float b2,
             float c1, float c2, float eps);

/// float64 affine map for precise landscapes: z[i*T + p] = bias[i] + sum_k w[i*nin + k] h[k*T + p]
/// (w row-major, T a multiple of 8).
void vl_affine_f64(const double *w, const double *bias, const double *h, int nin, int nout, int T, double *z);

/// Row sums: out[i] = sum_p z[i*T + p] (bias gradients).
void vl_row_sums(const float *z, int n, int T, float *out);
#endif
