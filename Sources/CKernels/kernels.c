#include "kernels.h"
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef float v8f __attribute__((vector_size(32), aligned(4)));
typedef uint32_t v8u __attribute__((vector_size(32), aligned(4)));
typedef int32_t v8i __attribute__((vector_size(32), aligned(4)));

#if defined(__x86_64__) && defined(__linux__) && !defined(VL_NO_CLONES)
#define CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define CLONES
#endif

void vl_unknown_code(int code, const char *kernel) {
    fprintf(stderr, "varlab: activation code %d has no case in %s (kernels.h, ActivationRegistry.swift)\n", code,
            kernel);
    abort();
}

// Macros, not functions: a function taking or returning a 32-byte vector would change the
// ABI between the AVX2 clone and the baseline one.
#define load8(p) (*(const v8f *)(p))
#define store8(p, v) (*(v8f *)(p) = (v))
#define splat(x) ((v8f){(x), (x), (x), (x), (x), (x), (x), (x)})
#define ABSMASK ((v8u){0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff})

// sqrtf may set errno, which keeps the optimiser from vectorising a loop of them unless the
// package passes -fno-math-errno (an unsafe flag SwiftPM refuses in dependencies). Clang's
// elementwise square root never touches errno; other compilers get sqrtf.
#if defined(__has_builtin)
#if __has_builtin(__builtin_elementwise_sqrt)
#define VL_SQRTF(x) __builtin_elementwise_sqrt(x)
#endif
#endif
#ifndef VL_SQRTF
#define VL_SQRTF(x) sqrtf(x)
#endif

#define KBLOCK 256
#define PBLOCK 256

// 6 rows x 16 points of accumulators: 12 vector registers, the AVX2 sweet spot.
// c_r0, c_r1 += w[k * ws + r] * hk[k * hs ... + 16] for k < count: read in place (strides
// T and ldw) or from packed panels (strides 16 and 6).
#define MICRO_6x16_STRIDED(h_start, hs, w_start, ws, count)               \
    do {                                                                   \
        const float *hk = (h_start), *w = (w_start);                       \
        for (int k = 0; k < (count); k++, hk += (hs), w += (ws)) {         \
            v8f h0 = load8(hk), h1 = load8(hk + 8);                        \
            v8f w0 = splat(w[0]), w1 = splat(w[1]), w2 = splat(w[2]);      \
            c00 += w0 * h0; c01 += w0 * h1;                                \
            c10 += w1 * h0; c11 += w1 * h1;                                \
            c20 += w2 * h0; c21 += w2 * h1;                                \
            v8f w3 = splat(w[3]), w4 = splat(w[4]), w5 = splat(w[5]);      \
            c30 += w3 * h0; c31 += w3 * h1;                                \
            c40 += w4 * h0; c41 += w4 * h1;                                \
            c50 += w5 * h0; c51 += w5 * h1;                                \
        }                                                                  \
    } while (0)
#define MICRO_6x16(from, to) \
    MICRO_6x16_STRIDED(h + (size_t)(from) * T + p, T, wt + (size_t)(from) * ldw + i, ldw, (to) - (from))

#define STORE_6x16(zr)                                                     \
    do {                                                                   \
        float *o = (zr);                                                   \
        store8(o, c00); store8(o + 8, c01); o += T;                        \
        store8(o, c10); store8(o + 8, c11); o += T;                        \
        store8(o, c20); store8(o + 8, c21); o += T;                        \
        store8(o, c30); store8(o + 8, c31); o += T;                        \
        store8(o, c40); store8(o + 8, c41); o += T;                        \
        store8(o, c50); store8(o + 8, c51);                                \
    } while (0)

#define BIAS_6x16()                                                        \
    v8f c00 = splat(bias[i]), c01 = c00, c10 = splat(bias[i + 1]), c11 = c10;     \
    v8f c20 = splat(bias[i + 2]), c21 = c20, c30 = splat(bias[i + 3]), c31 = c30; \
    v8f c40 = splat(bias[i + 4]), c41 = c40, c50 = splat(bias[i + 5]), c51 = c50

// Applies a kernel activation code to the 12 accumulators before they are stored.
#define ACTIVATE_6x16(code, slope)                                                          \
    do {                                                                                    \
        const v8f zero_ = splat(0), s_ = splat(slope);                                      \
        switch (code) {                                                                     \
        case VL_RELU:                                                                       \
            c00 = ACT_RELU_(c00); c01 = ACT_RELU_(c01); c10 = ACT_RELU_(c10); c11 = ACT_RELU_(c11); \
            c20 = ACT_RELU_(c20); c21 = ACT_RELU_(c21); c30 = ACT_RELU_(c30); c31 = ACT_RELU_(c31); \
            c40 = ACT_RELU_(c40); c41 = ACT_RELU_(c41); c50 = ACT_RELU_(c50); c51 = ACT_RELU_(c51); \
            break;                                                                          \
        case VL_ABS:                                                                        \
            c00 = ACT_ABS_(c00); c01 = ACT_ABS_(c01); c10 = ACT_ABS_(c10); c11 = ACT_ABS_(c11); \
            c20 = ACT_ABS_(c20); c21 = ACT_ABS_(c21); c30 = ACT_ABS_(c30); c31 = ACT_ABS_(c31); \
            c40 = ACT_ABS_(c40); c41 = ACT_ABS_(c41); c50 = ACT_ABS_(c50); c51 = ACT_ABS_(c51); \
            break;                                                                          \
        case VL_LEAKY:                                                                      \
            c00 = ACT_LEAKY_(c00); c01 = ACT_LEAKY_(c01); c10 = ACT_LEAKY_(c10); c11 = ACT_LEAKY_(c11); \
            c20 = ACT_LEAKY_(c20); c21 = ACT_LEAKY_(c21); c30 = ACT_LEAKY_(c30); c31 = ACT_LEAKY_(c31); \
            c40 = ACT_LEAKY_(c40); c41 = ACT_LEAKY_(c41); c50 = ACT_LEAKY_(c50); c51 = ACT_LEAKY_(c51); \
            break;                                                                          \
        case VL_LINEAR: break;                                                              \
        default: vl_unknown_code(code, "vl_affine_activate");                               \
        }                                                                                   \
    } while (0)
#define ACT_RELU_(z) ((v8f)((v8i)(z) & (v8i)((z) > zero_)))
#define ACT_ABS_(z) ((v8f)((v8u)(z) & ABSMASK))
#define ACT_LEAKY_(z) ((v8f)(((v8i)(z) & (v8i)((z) > zero_)) | ((v8i)((z) * s_) & ~(v8i)((z) > zero_))))

// Large products are blocked (256 inputs x 256 points) and both operands packed, as BLAS
// libraries do: the block of h into 16-point panels (each k's 16 values contiguous) and
// each 6-row strip of weights into a 6-wide panel, so the micro-kernel reads both in
// order (in place it jumps a whole row of h, or of W, per k). varlab's nets are mostly one
// block, which takes the direct path.
CLONES
void vl_affine(const float *wt, int ldw, const float *bias, const float *h, int nin,
               int nout, int T, float *z) {
    if (nin <= KBLOCK && T <= PBLOCK) {
        for (int i = 0; i < nout; i += 6) {
            for (int p = 0; p < T; p += 16) {
                BIAS_6x16();
                MICRO_6x16(0, nin);
                STORE_6x16(z + (size_t)i * T + p);
            }
        }
        return;
    }
    float *hpack = (float *)malloc(sizeof(float) * KBLOCK * PBLOCK);
    float *wpack = (float *)malloc(sizeof(float) * KBLOCK * 6);
    // Without memory for the panels (never in practice) the same loops read h and W in place.
    const int packed = hpack && wpack;
    for (int k0 = 0; k0 < nin; k0 += KBLOCK) {
        const int k1 = nin < k0 + KBLOCK ? nin : k0 + KBLOCK, kc = k1 - k0;
        for (int p0 = 0; p0 < T; p0 += PBLOCK) {
            const int p1 = T < p0 + PBLOCK ? T : p0 + PBLOCK;
            for (int p = p0; packed && p < p1; p += 16) {
                float *panel = hpack + (size_t)(p - p0) * kc;
                for (int k = k0; k < k1; k++) memcpy(panel + (size_t)(k - k0) * 16, h + (size_t)k * T + p, 16 * sizeof(float));
            }
            for (int i = 0; i < nout; i += 6) {
                for (int k = k0; packed && k < k1; k++) memcpy(wpack + (size_t)(k - k0) * 6, wt + (size_t)k * ldw + i, 6 * sizeof(float));
                const float *ap = packed ? wpack : wt + (size_t)k0 * ldw + i;
                const int as = packed ? 6 : ldw, bs = packed ? 16 : T;
                for (int p = p0; p < p1; p += 16) {
                    const float *bp = packed ? hpack + (size_t)(p - p0) * kc : h + (size_t)k0 * T + p;
                    float *zr = z + (size_t)i * T + p;
                    if (k0 == 0) {
                        BIAS_6x16();
                        MICRO_6x16_STRIDED(bp, bs, ap, as, kc);
                        STORE_6x16(zr);
                    } else {
                        v8f c00 = load8(zr), c01 = load8(zr + 8), c10 = load8(zr + T), c11 = load8(zr + T + 8);
                        v8f c20 = load8(zr + 2 * T), c21 = load8(zr + 2 * T + 8), c30 = load8(zr + 3 * T), c31 = load8(zr + 3 * T + 8);
                        v8f c40 = load8(zr + 4 * T), c41 = load8(zr + 4 * T + 8), c50 = load8(zr + 5 * T), c51 = load8(zr + 5 * T + 8);
                        MICRO_6x16_STRIDED(bp, bs, ap, as, kc);
                        STORE_6x16(zr);
                    }
                }
            }
        }
    }
    free(hpack);
    free(wpack);
}

CLONES
void vl_rowvec(const float *w, float b, const float *h, int nin, int T, float *out) {
    for (int p = 0; p < T; p += 16) {
        v8f a0 = splat(b), a1 = a0;
        const float *hk = h + p;
        for (int k = 0; k < nin; k++, hk += T) {
            v8f wk = splat(w[k]);
            a0 += wk * load8(hk);
            a1 += wk * load8(hk + 8);
        }
        store8(out + p, a0);
        store8(out + p + 8, a1);
    }
}

// Four rows at a time per 8 points, so each point's hashes are loaded and stored once per
// four units instead of once per unit; each row's flags stay in registers across the tile.
// (Applying the activation in the same pass measured no faster.)
#define OBSERVE_LANE(r)                                                                        \
    do {                                                                                       \
        v8f v_ = load8(z + (size_t)(i + (r)) * T + p);                                         \
        v8i gt_ = (v8i)(v_ > zero);                                                            \
        anyPos[r] |= gt_;                                                                      \
        anyNeg[r] |= (v8i)(v_ < zero);                                                         \
        if (hashA) {                                                                           \
            ha += (v8u){ka[r], ka[r], ka[r], ka[r], ka[r], ka[r], ka[r], ka[r]} & (v8u)gt_;    \
            hb += (v8u){kb[r], kb[r], kb[r], kb[r], kb[r], kb[r], kb[r], kb[r]} & (v8u)gt_;    \
        }                                                                                      \
    } while (0)

CLONES
void vl_observe(const float *z, int n, int T, const uint32_t *keyA, const uint32_t *keyB,
                uint32_t *hashA, uint32_t *hashB, uint8_t *pos, uint8_t *neg) {
    const v8f zero = splat(0);
    for (int i = 0; i < n; i += 4) {
        const int rows = n - i < 4 ? n - i : 4;
        uint32_t ka[4] = {0}, kb[4] = {0};
        v8i anyPos[4] = {{0}}, anyNeg[4] = {{0}};
        for (int r = 0; r < rows; r++) {
            ka[r] = keyA ? keyA[i + r] : 0;
            kb[r] = keyB ? keyB[i + r] : 0;
        }
        for (int p = 0; p < T; p += 8) {
            v8u ha = {0}, hb = {0};
            if (rows == 4) {
                OBSERVE_LANE(0); OBSERVE_LANE(1); OBSERVE_LANE(2); OBSERVE_LANE(3);
            } else {
                for (int r = 0; r < rows; r++) OBSERVE_LANE(r);
            }
            if (hashA) {
                *(v8u *)(hashA + p) += ha;
                *(v8u *)(hashB + p) += hb;
            }
        }
        for (int r = 0; r < rows; r++) {
            if (__builtin_reduce_or(anyPos[r])) pos[i + r] = 1;
            if (__builtin_reduce_or(anyNeg[r])) neg[i + r] = 1;
        }
    }
}

CLONES
void vl_activate(float *z, int count, int code, float slope) {
    switch (code) {
    case VL_RELU:
        for (int j = 0; j < count; j++) z[j] = z[j] > 0 ? z[j] : 0;
        break;
    case VL_ABS:
        for (int j = 0; j < count; j++) z[j] = fabsf(z[j]);
        break;
    case VL_LEAKY:
        for (int j = 0; j < count; j++) z[j] = z[j] > 0 ? z[j] : slope * z[j];
        break;
    case VL_LINEAR:
        break;
    default:
        vl_activate_smooth(z, count, code);
        break;
    }
}

// A first-layer unit's z at (x, y), one rounding order spelt out (fma(wx, x, wy y) + b, not
// left to the compiler's contraction), so vl_single_grid_observe can repeat it exactly.
#define ZED(wx, x, wy, y, bb) (__builtin_elementwise_fma((wx), (x), (wy) * (y)) + (bb))

// The unobserved wide single-layer case, 32 points per pass over the units so each
// unit's four weights are broadcast once per 32 points; one loop per activation.
#define FUSED_LOOP(ACT)                                                                   \
    for (int p = 0; p < T; p += 32) {                                                     \
        v8f x0 = load8(x + p), x1 = load8(x + p + 8), x2 = load8(x + p + 16), x3 = load8(x + p + 24); \
        v8f y0 = load8(y + p), y1 = load8(y + p + 8), y2 = load8(y + p + 16), y3 = load8(y + p + 24); \
        v8f a0 = splat(b2), a1 = a0, a2 = a0, a3 = a0;                                    \
        for (int i = 0; i < n; i++) {                                                     \
            v8f wx = splat(w1[2 * i]), wy = splat(w1[2 * i + 1]), bb = splat(b1[i]), v = splat(w2[i]); \
            v8f z0 = ZED(wx, x0, wy, y0, bb), z1 = ZED(wx, x1, wy, y1, bb);               \
            v8f z2 = ZED(wx, x2, wy, y2, bb), z3 = ZED(wx, x3, wy, y3, bb);               \
            a0 += v * ACT(z0); a1 += v * ACT(z1); a2 += v * ACT(z2); a3 += v * ACT(z3);    \
        }                                                                                 \
        store8(out + p, a0); store8(out + p + 8, a1); store8(out + p + 16, a2); store8(out + p + 24, a3); \
    }

#define ACT_RELU(z) ((v8f)((v8i)(z) & (v8i)((z) > zero)))
#define ACT_ABS(z) ((v8f)((v8u)(z) & ABSMASK))
#define ACT_LEAKY(z) ((v8f)(((v8i)(z) & (v8i)((z) > zero)) | ((v8i)((z) * vs) & ~(v8i)((z) > zero))))
#define ACT_LINEAR(z) (z)

CLONES
void vl_fused_single_fast(const float *w1, const float *b1, const float *w2, float b2, int n,
                          int code, float slope, const float *x, const float *y, int T, float *out) {
    const v8f zero = splat(0), vs = splat(slope);
    (void)vs;
    switch (code) {
    case VL_RELU: FUSED_LOOP(ACT_RELU) break;
    case VL_ABS: FUSED_LOOP(ACT_ABS) break;
    case VL_LEAKY: FUSED_LOOP(ACT_LEAKY) break;
    case VL_LINEAR: FUSED_LOOP(ACT_LINEAR) break;
    default: vl_unknown_code(code, "vl_fused_single_fast");
    }
}

// The observed single layer, 16 points per pass over the units. A unit's "ever > 0" and
// "ever < 0" flags come from one OR-reduction of its masks per pass, only while unset (a
// per-lane loop and then a byte store per unit and pass were most of the cost); hashes add
// the unit's key where z > 0.
// OBS is a constant 0 or 1: with 0 the observing lines fold away at compile time.
#define SINGLE_LOOP(ACT, OBS)                                                                  \
    for (int p = 0; p < T; p += 16) {                                                          \
        v8f x0 = load8(x + p), x1 = load8(x + p + 8), y0 = load8(y + p), y1 = load8(y + p + 8); \
        v8f acc0 = splat(b2), acc1 = acc0;                                                     \
        v8u ha0 = {0}, ha1 = {0}, hb0 = {0}, hb1 = {0};                                        \
        for (int i = 0; i < n; i++) {                                                          \
            v8f wx = splat(w1[2 * i]), wy = splat(w1[2 * i + 1]), bb = splat(b1[i]);           \
            v8f z0 = ZED(wx, x0, wy, y0, bb), z1 = ZED(wx, x1, wy, y1, bb);                    \
            v8i g0 = (v8i)(z0 > zero), g1 = (v8i)(z1 > zero);                                  \
            if (OBS) {                                                                         \
                if (!pos[i] && __builtin_reduce_or(g0 | g1)) pos[i] = 1;                       \
                if (!neg[i] && __builtin_reduce_or((v8i)(z0 < zero) | (v8i)(z1 < zero))) neg[i] = 1; \
                v8u vka = (v8u){keyA[i], keyA[i], keyA[i], keyA[i], keyA[i], keyA[i], keyA[i], keyA[i]}; \
                v8u vkb = (v8u){keyB[i], keyB[i], keyB[i], keyB[i], keyB[i], keyB[i], keyB[i], keyB[i]}; \
                ha0 += vka & (v8u)g0; ha1 += vka & (v8u)g1;                                    \
                hb0 += vkb & (v8u)g0; hb1 += vkb & (v8u)g1;                                    \
            }                                                                                  \
            v8f v = splat(w2[i]);                                                              \
            acc0 += v * ACT(z0, g0);                                                           \
            acc1 += v * ACT(z1, g1);                                                           \
        }                                                                                      \
        store8(out + p, acc0);                                                                 \
        store8(out + p + 8, acc1);                                                             \
        if (OBS) {                                                                             \
            *(v8u *)(hashA + p) += ha0; *(v8u *)(hashA + p + 8) += ha1;                        \
            *(v8u *)(hashB + p) += hb0; *(v8u *)(hashB + p + 8) += hb1;                        \
        }                                                                                      \
    }
#define OACT_RELU(z, g) ((v8f)((v8i)(z) & (g)))
#define OACT_ABS(z, g) ((v8f)((v8u)(z) & ABSMASK))
#define OACT_LEAKY(z, g) ((v8f)(((v8i)(z) & (g)) | ((v8i)((z) * vs) & ~(g))))
#define OACT_LINEAR(z, g) (z)

// The observed single layer, 16 points per pass over the units, one loop per activation.
// A unit's "ever > 0" and "ever < 0" flags come from one OR-reduction of its masks per pass,
// only while unset (a per-lane loop and then a byte store per unit and pass were most of
// the cost); hashes add the unit's key where z > 0. Without observers (keyA NULL) it is
// vl_fused_single_fast's 16-point sibling.
CLONES
void vl_fused_single(const float *w1, const float *b1, const float *w2, float b2, int n,
                     int code, float slope, const float *x, const float *y, int T,
                     float *out, const uint32_t *keyA, const uint32_t *keyB,
                     uint32_t *hashA, uint32_t *hashB, uint8_t *pos, uint8_t *neg) {
    const v8f zero = splat(0), vs = splat(slope);
    (void)vs;
    if (!hashA) {
        switch (code) {
        case VL_RELU: SINGLE_LOOP(OACT_RELU, 0) break;
        case VL_ABS: SINGLE_LOOP(OACT_ABS, 0) break;
        case VL_LEAKY: SINGLE_LOOP(OACT_LEAKY, 0) break;
        case VL_LINEAR: SINGLE_LOOP(OACT_LINEAR, 0) break;
        default: vl_unknown_code(code, "vl_fused_single");
        }
        return;
    }
    switch (code) {
    case VL_RELU: SINGLE_LOOP(OACT_RELU, 1) break;
    case VL_ABS: SINGLE_LOOP(OACT_ABS, 1) break;
    case VL_LEAKY: SINGLE_LOOP(OACT_LEAKY, 1) break;
    case VL_LINEAR: SINGLE_LOOP(OACT_LINEAR, 1) break;
    default: vl_unknown_code(code, "vl_fused_single");
    }
}

// The observations of the single layer over an r x r grid (axis increasing, points row by
// row) without visiting every unit at every point. Along a row, a unit's z = fma(wx, x,
// wy y) + b is monotone in x (each rounding is monotone), so its points with z > 0 are a
// prefix or a suffix of the row: the row's two ends give the unit's flags and say which;
// the first point past the crossing is estimated from -(wy y + b) / wx and checked at its
// two neighbours with the same arithmetic as ZED (bisection where the estimate is off).
// The unit's key then enters the row's hashes through a difference array. Sums of keys do
// not depend on order, so every hash and flag equals what vl_fused_single computes point
// by point (KernelCrossCheckTests). The per-unit passes vectorise; only the scatter into
// the difference arrays is scalar. Weights must be finite and at most 1e30.
static inline float single_z(float wx, float x, float wy, float y, float b) { return fmaf(wx, x, wy * y) + b; }

static int first_flip(float wx, float wy, float b, const float *axis, int r, float y, int startsOn) {
    int lo = 0, hi = r;
    while (lo < hi) {
        const int m = (lo + hi) / 2;
        if ((single_z(wx, axis[m], wy, y, b) > 0) != startsOn) hi = m; else lo = m + 1;
    }
    return lo;
}

CLONES  // the x86-64-v3 clone has hardware FMAs and gathers
int vl_single_grid_observe(const float *w1, const float *b1, int n, const float *axis, int r,
                           const uint32_t *keyA, const uint32_t *keyB, uint32_t *hashA, uint32_t *hashB,
                           uint8_t *pos, uint8_t *neg) {
    float *wx = malloc(sizeof(float) * 3 * (size_t)n);
    int32_t *ints = malloc(sizeof(int32_t) * 8 * (size_t)n);
    // Four difference arrays per hash, unit u in u mod 4, so consecutive updates of one
    // entry do not wait on each other through memory.
    uint32_t *diff = malloc(sizeof(uint32_t) * 8 * (size_t)(r + 1));
    if (!wx || !ints || !diff) { free(wx); free(ints); free(diff); return 0; }
    float *wy = wx + n, *bs = wy + n;
    int32_t *everPos = ints, *everNeg = ints + n, *estimate = ints + 2 * n, *startsOn = ints + 3 * n;
    int32_t *flips = ints + 4 * n, *ok = ints + 5 * n;
    uint32_t *signedA = (uint32_t *)(ints + 6 * n), *signedB = (uint32_t *)(ints + 7 * n);
    for (int u = 0; u < n; u++) { wx[u] = w1[2 * u]; wy[u] = w1[2 * u + 1]; bs[u] = b1[u]; everPos[u] = 0; everNeg[u] = 0; }
    const float x0 = axis[0], xl = axis[r - 1], scale = 0.5f * (float)(r - 1), top = (float)(r - 2);
    const size_t stride = (size_t)(r + 1);
    for (int row = 0; row < r; row++) {
        const float y = axis[row];
        for (int u = 0; u < n; u++) {
            const float zf = single_z(wx[u], x0, wy[u], y, bs[u]), zl = single_z(wx[u], xl, wy[u], y, bs[u]);
            everPos[u] |= (zf > 0) | (zl > 0);
            everNeg[u] |= (zf < 0) | (zl < 0);
            startsOn[u] = zf > 0;
            flips[u] = (zf > 0) != (zl > 0);
            // Where z crosses 0, as a fractional index, clamped (NaN and infinities too).
            float e = (-(wy[u] * y + bs[u]) / wx[u] + 1.0f) * scale;
            e = e > 0 ? e : 0;
            e = e < top ? e : top;
            estimate[u] = (int)e + 1;   // in [1, r - 1]
        }
        uint32_t baseA = 0, baseB = 0;
        for (int u = 0; u < n; u++) {
            const float za = single_z(wx[u], axis[estimate[u] - 1], wy[u], y, bs[u]);
            const float zb = single_z(wx[u], axis[estimate[u]], wy[u], y, bs[u]);
            ok[u] = (flips[u] ^ 1) | (((za > 0) == startsOn[u]) & ((zb > 0) != startsOn[u]));
            // No flip: past the row, never read. A select here, so the next loop has no
            // unpredictable branch.
            estimate[u] = flips[u] ? estimate[u] : r;
            // Points [0, t) active (starts on): the key from 0 and minus at t; else plus at t.
            const uint32_t on = 0u - (uint32_t)startsOn[u];
            baseA += keyA[u] & on; baseB += keyB[u] & on;
            signedA[u] = (keyA[u] ^ on) - on; signedB[u] = (keyB[u] ^ on) - on;
        }
        memset(diff, 0, sizeof(uint32_t) * 8 * stride);
        for (int u = 0; u < n; u++) {
            int t = estimate[u];
            if (__builtin_expect(!ok[u], 0)) t = first_flip(wx[u], wy[u], bs[u], axis, r, y, startsOn[u]);
            uint32_t *d = diff + (size_t)(u & 3) * 2 * stride;
            d[t] += signedA[u];
            d[stride + t] += signedB[u];
        }
        uint32_t sa = baseA, sb = baseB;
        uint32_t *ha = hashA + (size_t)row * r, *hb = hashB + (size_t)row * r;
        for (int j = 0; j < r; j++) {
            for (int k = 0; k < 4; k++) { sa += diff[2 * k * stride + j]; sb += diff[(2 * k + 1) * stride + j]; }
            ha[j] += sa; hb[j] += sb;
        }
    }
    for (int u = 0; u < n; u++) { pos[u] = (uint8_t)everPos[u]; neg[u] = (uint8_t)everNeg[u]; }
    free(wx); free(ints); free(diff);
    return 1;
}

// A macro for the same ABI reason as load8: the sum of a vector's eight lanes.
#define hsum8(a) ((a)[0] + (a)[1] + (a)[2] + (a)[3] + (a)[4] + (a)[5] + (a)[6] + (a)[7])

// Blocks of 4 output rows x 3 input rows: 12 accumulators share 7 loads per 8 points.
CLONES
void vl_grad_outer(const float *dz, const float *h, int nout, int nin, int T, float *dwt, int ldw) {
    int k = 0;
    for (; k + 3 <= nin; k += 3) {
        const float *h0 = h + (size_t)k * T, *h1 = h0 + T, *h2 = h1 + T;
        int i = 0;
        for (; i + 4 <= nout; i += 4) {
            const float *d0 = dz + (size_t)i * T, *d1 = d0 + T, *d2 = d1 + T, *d3 = d2 + T;
            v8f a00 = splat(0), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00;
            v8f a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
            for (int p = 0; p < T; p += 8) {
                v8f x0 = load8(h0 + p), x1 = load8(h1 + p), x2 = load8(h2 + p);
                v8f e = load8(d0 + p);
                a00 += e * x0; a01 += e * x1; a02 += e * x2;
                e = load8(d1 + p);
                a10 += e * x0; a11 += e * x1; a12 += e * x2;
                e = load8(d2 + p);
                a20 += e * x0; a21 += e * x1; a22 += e * x2;
                e = load8(d3 + p);
                a30 += e * x0; a31 += e * x1; a32 += e * x2;
            }
            float *o0 = dwt + (size_t)k * ldw + i, *o1 = o0 + ldw, *o2 = o1 + ldw;
            o0[0] = hsum8(a00); o0[1] = hsum8(a10); o0[2] = hsum8(a20); o0[3] = hsum8(a30);
            o1[0] = hsum8(a01); o1[1] = hsum8(a11); o1[2] = hsum8(a21); o1[3] = hsum8(a31);
            o2[0] = hsum8(a02); o2[1] = hsum8(a12); o2[2] = hsum8(a22); o2[3] = hsum8(a32);
        }
        for (; i < nout; i++) {
            const float *d = dz + (size_t)i * T;
            v8f a0 = splat(0), a1 = a0, a2 = a0;
            for (int p = 0; p < T; p += 8) {
                v8f e = load8(d + p);
                a0 += e * load8(h0 + p); a1 += e * load8(h1 + p); a2 += e * load8(h2 + p);
            }
            dwt[(size_t)k * ldw + i] = hsum8(a0);
            dwt[(size_t)(k + 1) * ldw + i] = hsum8(a1);
            dwt[(size_t)(k + 2) * ldw + i] = hsum8(a2);
        }
    }
    for (; k < nin; k++) {
        const float *hk = h + (size_t)k * T;
        for (int i = 0; i < nout; i++) {
            const float *d = dz + (size_t)i * T;
            v8f a = splat(0);
            for (int p = 0; p < T; p += 8) a += load8(d + p) * load8(hk + p);
            dwt[(size_t)k * ldw + i] = hsum8(a);
        }
    }
}

CLONES
void vl_row_sums(const float *z, int n, int T, float *out) {
    for (int i = 0; i < n; i++) {
        const float *r = z + (size_t)i * T;
        v8f a = splat(0);
        for (int p = 0; p < T; p += 8) a += load8(r + p);
        float s = 0;
        for (int l = 0; l < 8; l++) s += a[l];
        out[i] = s;
    }
}

CLONES
void vl_outer_rows(float *d, const float *w, const float *g, int n, int T) {
    for (int k = 0; k < n; k++) {
        float wk = w[k];
        float *row = d + (size_t)k * T;
        for (int p = 0; p < T; p++) row[p] = wk * g[p];
    }
}

CLONES
void vl_activation_backward(float *dz, const float *dh, const float *z, int count, int code, float slope) {
    switch (code) {
    case VL_RELU:
        for (int j = 0; j < count; j++) dz[j] = z[j] > 0 ? dh[j] : 0;
        break;
    case VL_ABS:
        for (int j = 0; j < count; j++) dz[j] = z[j] > 0 ? dh[j] : (z[j] < 0 ? -dh[j] : 0);
        break;
    case VL_LEAKY:
        for (int j = 0; j < count; j++) dz[j] = z[j] > 0 ? dh[j] : (z[j] < 0 ? slope * dh[j] : 0);
        break;
    case VL_LINEAR:
        for (int j = 0; j < count; j++) dz[j] = dh[j];
        break;
    default: vl_unknown_code(code, "vl_activation_backward");
    }
}

CLONES
void vl_adam(float *w, const float *g, float *m, float *v, int n, float lr, float b1, float b2,
             float c1, float c2, float eps) {
    for (int j = 0; j < n; j++) {
        m[j] = b1 * m[j] + (1 - b1) * g[j];
        v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
        w[j] -= lr * (m[j] / c1) / (VL_SQRTF(v[j] / c2) + eps);
    }
}

// Defined last: a multiversioned function must be declared as such before it is called.
CLONES
void vl_affine_activate(const float *wt, int ldw, const float *bias, const float *h, int nin,
                        int nout, int T, float *z, int code, float slope) {
    if (nin > KBLOCK || T > PBLOCK) {
        vl_affine(wt, ldw, bias, h, nin, nout, T, z);
        vl_activate(z, nout * T, code, slope);
        return;
    }
    for (int i = 0; i < nout; i += 6) {
        for (int p = 0; p < T; p += 16) {
            BIAS_6x16();
            MICRO_6x16(0, nin);
            ACTIVATE_6x16(code, slope);
            STORE_6x16(z + (size_t)i * T + p);
        }
    }
}


/// Training's forward step: stores the pre-activations z (for the backward pass) and the
/// activations h from the same registers.
CLONES
void vl_affine_both(const float *wt, int ldw, const float *bias, const float *h, int nin,
                    int nout, int T, float *z, float *out, int code, float slope) {
    if (nin > KBLOCK || T > PBLOCK) {
        vl_affine(wt, ldw, bias, h, nin, nout, T, z);
        for (int j = 0; j < nout * T; j++) out[j] = z[j];
        vl_activate(out, nout * T, code, slope);
        return;
    }
    for (int i = 0; i < nout; i += 6) {
        for (int p = 0; p < T; p += 16) {
            BIAS_6x16();
            MICRO_6x16(0, nin);
            STORE_6x16(z + (size_t)i * T + p);
            ACTIVATE_6x16(code, slope);
            STORE_6x16(out + (size_t)i * T + p);
        }
    }
}

/// The backward product dh[k][p] = sum_i wt[k*ldw + i] * dz[i][p], reading the forward
/// layout directly (no transposed copy of W); rows k < nrows (a multiple of 6) must exist.
CLONES
void vl_affine_t(const float *wt, int ldw, const float *dz, int nout, int nrows, int T, float *dh) {
    for (int k = 0; k < nrows; k += 6) {
        const float *r0 = wt + (size_t)k * ldw, *r1 = r0 + ldw, *r2 = r1 + ldw;
        const float *r3 = r2 + ldw, *r4 = r3 + ldw, *r5 = r4 + ldw;
        for (int p = 0; p < T; p += 16) {
            v8f c00 = splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
            v8f c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
            const float *d = dz + p;
            for (int i = 0; i < nout; i++, d += T) {
                v8f h0 = load8(d), h1 = load8(d + 8);
                v8f w0 = splat(r0[i]), w1 = splat(r1[i]), w2 = splat(r2[i]);
                c00 += w0 * h0; c01 += w0 * h1;
                c10 += w1 * h0; c11 += w1 * h1;
                c20 += w2 * h0; c21 += w2 * h1;
                v8f w3 = splat(r3[i]), w4 = splat(r4[i]), w5 = splat(r5[i]);
                c30 += w3 * h0; c31 += w3 * h1;
                c40 += w4 * h0; c41 += w4 * h1;
                c50 += w5 * h0; c51 += w5 * h1;
            }
            STORE_6x16(dh + (size_t)k * T + p);
        }
    }
}

// ---------------------------------------------------------------------------------------
// float64 affine map for the precision probe and the landscapes that fail its check:
// z[i*T + p] = bias[i] + sum_k w[i*nin + k] * h[k*T + p], T a multiple of 8, in blocks of
// 6, 4, 2 and 1 rows x 8 points with their accumulators (4 doubles each) in registers.
typedef double v4d __attribute__((vector_size(32), aligned(8)));
#define load4d(p) (*(const v4d *)(p))
#define store4d(p, v) (*(v4d *)(p) = (v))
#define splat4d(x) ((v4d){(x), (x), (x), (x)})

CLONES
void vl_affine_f64(const double *w, const double *bias, const double *h, int nin, int nout, int T, double *z) {
    int i = 0;
    // Six rows x 8 points: 12 accumulators, so the FMAs' latency is hidden with room to spare
    // and each k's two loads of h serve twelve FMAs. Every z is the same FMA chain over k
    // whichever block computes it.
    for (; i + 6 <= nout; i += 6) {
        const double *w0 = w + (size_t)i * nin, *w1 = w0 + nin, *w2 = w1 + nin, *w3 = w2 + nin, *w4 = w3 + nin, *w5 = w4 + nin;
        for (int p = 0; p < T; p += 8) {
            v4d a00 = splat4d(bias[i]), a01 = a00, a10 = splat4d(bias[i + 1]), a11 = a10;
            v4d a20 = splat4d(bias[i + 2]), a21 = a20, a30 = splat4d(bias[i + 3]), a31 = a30;
            v4d a40 = splat4d(bias[i + 4]), a41 = a40, a50 = splat4d(bias[i + 5]), a51 = a50;
            const double *hk = h + p;
            for (int k = 0; k < nin; k++, hk += T) {
                v4d x0 = load4d(hk), x1 = load4d(hk + 4);
                v4d c0 = splat4d(w0[k]), c1 = splat4d(w1[k]), c2 = splat4d(w2[k]);
                a00 += c0 * x0; a01 += c0 * x1;
                a10 += c1 * x0; a11 += c1 * x1;
                a20 += c2 * x0; a21 += c2 * x1;
                v4d c3 = splat4d(w3[k]), c4 = splat4d(w4[k]), c5 = splat4d(w5[k]);
                a30 += c3 * x0; a31 += c3 * x1;
                a40 += c4 * x0; a41 += c4 * x1;
                a50 += c5 * x0; a51 += c5 * x1;
            }
            double *o = z + (size_t)i * T + p;
            store4d(o, a00); store4d(o + 4, a01); o += T;
            store4d(o, a10); store4d(o + 4, a11); o += T;
            store4d(o, a20); store4d(o + 4, a21); o += T;
            store4d(o, a30); store4d(o + 4, a31); o += T;
            store4d(o, a40); store4d(o + 4, a41); o += T;
            store4d(o, a50); store4d(o + 4, a51);
        }
    }
    for (; i + 4 <= nout; i += 4) {
        const double *w0 = w + (size_t)i * nin, *w1 = w0 + nin, *w2 = w1 + nin, *w3 = w2 + nin;
        for (int p = 0; p < T; p += 8) {
            v4d a00 = splat4d(bias[i]), a01 = a00, a10 = splat4d(bias[i + 1]), a11 = a10;
            v4d a20 = splat4d(bias[i + 2]), a21 = a20, a30 = splat4d(bias[i + 3]), a31 = a30;
            const double *hk = h + p;
            for (int k = 0; k < nin; k++, hk += T) {
                v4d x0 = load4d(hk), x1 = load4d(hk + 4);
                v4d c0 = splat4d(w0[k]), c1 = splat4d(w1[k]), c2 = splat4d(w2[k]), c3 = splat4d(w3[k]);
                a00 += c0 * x0; a01 += c0 * x1;
                a10 += c1 * x0; a11 += c1 * x1;
                a20 += c2 * x0; a21 += c2 * x1;
                a30 += c3 * x0; a31 += c3 * x1;
            }
            store4d(z + (size_t)i * T + p, a00); store4d(z + (size_t)i * T + p + 4, a01);
            store4d(z + (size_t)(i + 1) * T + p, a10); store4d(z + (size_t)(i + 1) * T + p + 4, a11);
            store4d(z + (size_t)(i + 2) * T + p, a20); store4d(z + (size_t)(i + 2) * T + p + 4, a21);
            store4d(z + (size_t)(i + 3) * T + p, a30); store4d(z + (size_t)(i + 3) * T + p + 4, a31);
        }
    }
    for (; i + 2 <= nout; i += 2) {
        const double *w0 = w + (size_t)i * nin, *w1 = w0 + nin;
        for (int p = 0; p < T; p += 8) {
            v4d a00 = splat4d(bias[i]), a01 = a00, a10 = splat4d(bias[i + 1]), a11 = a10;
            const double *hk = h + p;
            for (int k = 0; k < nin; k++, hk += T) {
                v4d x0 = load4d(hk), x1 = load4d(hk + 4), c0 = splat4d(w0[k]), c1 = splat4d(w1[k]);
                a00 += c0 * x0; a01 += c0 * x1;
                a10 += c1 * x0; a11 += c1 * x1;
            }
            store4d(z + (size_t)i * T + p, a00); store4d(z + (size_t)i * T + p + 4, a01);
            store4d(z + (size_t)(i + 1) * T + p, a10); store4d(z + (size_t)(i + 1) * T + p + 4, a11);
        }
    }
    for (; i < nout; i++) {
        const double *wi = w + (size_t)i * nin;
        for (int p = 0; p < T; p += 8) {
            v4d a0 = splat4d(bias[i]), a1 = a0;
            const double *hk = h + p;
            for (int k = 0; k < nin; k++, hk += T) {
                v4d c = splat4d(wi[k]);
                a0 += c * load4d(hk);
                a1 += c * load4d(hk + 4);
            }
            store4d(z + (size_t)i * T + p, a0);
            store4d(z + (size_t)i * T + p + 4, a1);
        }
    }
}
