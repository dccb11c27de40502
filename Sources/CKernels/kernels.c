#include "kernels.h"
#include <math.h>
#include <stddef.h>

typedef float v8f __attribute__((vector_size(32), aligned(4)));
typedef uint32_t v8u __attribute__((vector_size(32), aligned(4)));
typedef int32_t v8i __attribute__((vector_size(32), aligned(4)));

#if defined(__x86_64__) && defined(__linux__)
#define CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define CLONES
#endif

// Macros, not functions: a function taking or returning a 32-byte vector would change the
// ABI between the AVX2 clone and the baseline one.
#define load8(p) (*(const v8f *)(p))
#define store8(p, v) (*(v8f *)(p) = (v))
#define splat(x) ((v8f){(x), (x), (x), (x), (x), (x), (x), (x)})
#define ABSMASK ((v8u){0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff})

// 6 rows x 16 points of accumulators: 12 vector registers, the AVX2 sweet spot.
CLONES
void vl_affine(const float *wt, int ldw, const float *bias, const float *h, int nin,
               int nout, int T, float *z) {
    for (int i = 0; i < nout; i += 6) {
        for (int p = 0; p < T; p += 16) {
            v8f c00 = splat(bias[i]), c01 = c00, c10 = splat(bias[i + 1]), c11 = c10;
            v8f c20 = splat(bias[i + 2]), c21 = c20, c30 = splat(bias[i + 3]), c31 = c30;
            v8f c40 = splat(bias[i + 4]), c41 = c40, c50 = splat(bias[i + 5]), c51 = c50;
            const float *hk = h + p;
            const float *w = wt + i;
            for (int k = 0; k < nin; k++, hk += T, w += ldw) {
                v8f h0 = load8(hk), h1 = load8(hk + 8);
                v8f w0 = splat(w[0]), w1 = splat(w[1]), w2 = splat(w[2]);
                c00 += w0 * h0; c01 += w0 * h1;
                c10 += w1 * h0; c11 += w1 * h1;
                c20 += w2 * h0; c21 += w2 * h1;
                v8f w3 = splat(w[3]), w4 = splat(w[4]), w5 = splat(w[5]);
                c30 += w3 * h0; c31 += w3 * h1;
                c40 += w4 * h0; c41 += w4 * h1;
                c50 += w5 * h0; c51 += w5 * h1;
            }
            float *zr = z + (size_t)i * T + p;
            store8(zr, c00); store8(zr + 8, c01); zr += T;
            store8(zr, c10); store8(zr + 8, c11); zr += T;
            store8(zr, c20); store8(zr + 8, c21); zr += T;
            store8(zr, c30); store8(zr + 8, c31); zr += T;
            store8(zr, c40); store8(zr + 8, c41); zr += T;
            store8(zr, c50); store8(zr + 8, c51);
        }
    }
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

CLONES
void vl_observe(const float *z, int n, int T, const uint32_t *keyA, const uint32_t *keyB,
                uint32_t *hashA, uint32_t *hashB, uint8_t *pos, uint8_t *neg) {
    const v8f zero = splat(0);
    for (int i = 0; i < n; i++) {
        const float *zr = z + (size_t)i * T;
        v8i anyPos = {0}, anyNeg = {0};
        uint32_t ka = keyA ? keyA[i] : 0, kb = keyB ? keyB[i] : 0;
        v8u vka = (v8u){ka, ka, ka, ka, ka, ka, ka, ka}, vkb = (v8u){kb, kb, kb, kb, kb, kb, kb, kb};
        for (int p = 0; p < T; p += 8) {
            v8f v = load8(zr + p);
            v8i gt = (v8i)(v > zero), lt = (v8i)(v < zero);
            anyPos |= gt;
            anyNeg |= lt;
            if (hashA) {
                *(v8u *)(hashA + p) += vka & (v8u)gt;
                *(v8u *)(hashB + p) += vkb & (v8u)gt;
            }
        }
        int sp = 0, sn = 0;
        for (int l = 0; l < 8; l++) { sp |= anyPos[l]; sn |= anyNeg[l]; }
        if (sp) pos[i] = 1;
        if (sn) neg[i] = 1;
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
    default:
        break;
    }
}

CLONES
void vl_fused_single(const float *w1, const float *b1, const float *w2, float b2, int n,
                     int code, float slope, const float *x, const float *y, int T,
                     float *out, const uint32_t *keyA, const uint32_t *keyB,
                     uint32_t *hashA, uint32_t *hashB, uint8_t *pos, uint8_t *neg) {
    const v8f zero = splat(0), vs = splat(slope);
    for (int p = 0; p < T; p += 8) {
        v8f xv = load8(x + p), yv = load8(y + p), acc = splat(b2);
        v8u ha = {0}, hb = {0};
        for (int i = 0; i < n; i++) {
            v8f z = splat(w1[2 * i]) * xv + splat(w1[2 * i + 1]) * yv + splat(b1[i]);
            v8i gt = (v8i)(z > zero), lt = (v8i)(z < zero);
            if (pos) {
                // Branch-free flags: OR of the comparison lanes.
                int sp = 0, sn = 0;
                for (int l = 0; l < 8; l++) { sp |= gt[l]; sn |= lt[l]; }
                pos[i] |= (sp != 0);
                neg[i] |= (sn != 0);
            }
            if (hashA) {
                uint32_t ka = keyA[i], kb = keyB[i];
                ha += (v8u){ka, ka, ka, ka, ka, ka, ka, ka} & (v8u)gt;
                hb += (v8u){kb, kb, kb, kb, kb, kb, kb, kb} & (v8u)gt;
            }
            v8f a;
            switch (code) {
            case VL_RELU: a = (v8f)((v8i)z & gt); break;
            case VL_ABS: a = (v8f)((v8u)z & ABSMASK); break;
            case VL_LEAKY: a = (v8f)(((v8i)z & gt) | ((v8i)(z * vs) & ~gt)); break;
            default: a = z; break;
            }
            acc += splat(w2[i]) * a;
        }
        store8(out + p, acc);
        if (hashA) {
            *(v8u *)(hashA + p) += ha;
            *(v8u *)(hashB + p) += hb;
        }
    }
}

CLONES
void vl_grad_outer(const float *dz, const float *h, int nout, int nin, int T, float *dwt, int ldw) {
    for (int k = 0; k < nin; k++) {
        const float *hk = h + (size_t)k * T;
        int i = 0;
        for (; i + 4 <= nout; i += 4) {
            const float *d0 = dz + (size_t)i * T, *d1 = d0 + T, *d2 = d1 + T, *d3 = d2 + T;
            v8f a0 = splat(0), a1 = a0, a2 = a0, a3 = a0;
            for (int p = 0; p < T; p += 8) {
                v8f hv = load8(hk + p);
                a0 += load8(d0 + p) * hv;
                a1 += load8(d1 + p) * hv;
                a2 += load8(d2 + p) * hv;
                a3 += load8(d3 + p) * hv;
            }
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int l = 0; l < 8; l++) { s0 += a0[l]; s1 += a1[l]; s2 += a2[l]; s3 += a3[l]; }
            float *out = dwt + (size_t)k * ldw + i;
            out[0] = s0; out[1] = s1; out[2] = s2; out[3] = s3;
        }
        for (; i < nout; i++) {
            const float *d = dz + (size_t)i * T;
            v8f a = splat(0);
            for (int p = 0; p < T; p += 8) a += load8(d + p) * load8(hk + p);
            float s = 0;
            for (int l = 0; l < 8; l++) s += a[l];
            dwt[(size_t)k * ldw + i] = s;
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
