// The C kernels against scalar references written here, for builds that Swift's tests do
// not reach: aarch64 (NEON width, run under qemu-user) and x86-64 without AVX2 (the
// baseline of the target clones). .ci/cross-kernels compiles and runs it, and shows that a
// planted error in a kernel makes it fail. Exit status: 0 when every check passes.
#include "kernels.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9E3779B97F4A7C15ull;
static double uniform(void) {  // in [-1, 1)
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(state >> 11) / 4503599627370496.0 - 1.0;
}

static int failures = 0, checks = 0;
static void expect_close(const char *what, double got, double want, double tolerance) {
    checks++;
    double scale = fabs(want) > 1 ? fabs(want) : 1;
    if (!(fabs(got - want) <= tolerance * scale)) {
        if (failures < 12) printf("FAIL %s: got %.9g, want %.9g\n", what, got, want);
        failures++;
    }
}

static float *floats(int n, double scale) {
    float *x = aligned_alloc(64, ((size_t)n * sizeof(float) + 63) / 64 * 64);
    for (int i = 0; i < n; i++) x[i] = (float)(scale * uniform());
    return x;
}

// z[i*T + p] = bias[i] + sum_k wt[k*ldw + i] h[k*T + p], in double.
static double affine_ref(const float *wt, int ldw, const float *bias, const float *h, int nin, int T, int i, int p) {
    double s = bias ? bias[i] : 0;
    for (int k = 0; k < nin; k++) s += (double)wt[k * ldw + i] * h[k * T + p];
    return s;
}

static double act_ref(int code, double z, double slope) {
    switch (code) {
    case VL_RELU: return z > 0 ? z : 0;
    case VL_ABS: return fabs(z);
    case VL_LEAKY: return z > 0 ? z : slope * z;
    case VL_TANH: return tanh(z);
    case VL_SIGMOID: return 1 / (1 + exp(-z));
    case VL_ELU: return z > 0 ? z : expm1(z);
    case VL_GELU: return 0.5 * z * erfc(-z / sqrt(2.0));
    case VL_SIN: return sin(z);
    case VL_LINEAR: return z;
    default:
        // A code added to kernels.h needs its reference here: fail, never pass silently.
        fprintf(stderr, "FAIL: no reference for activation code %d in kernel_harness.c\n", code);
        exit(1);
    }
}

static void check_gemm(void) {
    const int shapes[][3] = {{2, 6, 16}, {37, 12, 32}, {300, 18, 48}, {5, 30, 64}};  // nin, nout, T
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int nin = shapes[s][0], nout = shapes[s][1], T = shapes[s][2], ldw = nout;
        float *wt = floats(nin * ldw, 1), *bias = floats(nout, 0.5), *h = floats(nin * T, 1);
        float *z = floats(nout * T, 0), *out = floats(nout * T, 0);
        char what[96];
        vl_affine(wt, ldw, bias, h, nin, nout, T, z);
        for (int i = 0; i < nout; i++)
            for (int p = 0; p < T; p++) {
                snprintf(what, sizeof what, "vl_affine %dx%dx%d [%d,%d]", nin, nout, T, i, p);
                expect_close(what, z[i * T + p], affine_ref(wt, ldw, bias, h, nin, T, i, p), 2e-5);
            }
        for (int code = VL_LINEAR; code <= VL_LEAKY; code++) {
            vl_affine_activate(wt, ldw, bias, h, nin, nout, T, out, code, 0.1f);
            for (int i = 0; i < nout; i++)
                for (int p = 0; p < T; p++) {
                    snprintf(what, sizeof what, "vl_affine_activate code %d [%d,%d]", code, i, p);
                    expect_close(what, out[i * T + p], act_ref(code, affine_ref(wt, ldw, bias, h, nin, T, i, p), 0.1), 2e-5);
                }
        }
        // dh[k*T + p] = sum_i wt[k*ldw + i] dz[i*T + p] for k < nrows.
        int nrows = nin / 6 * 6;
        if (nrows > 0) {
            float *dh = floats(nrows * T, 0);
            vl_affine_t(wt, ldw, h, nout < nin ? nout : nin, nrows, T, dh);
            int inner = nout < nin ? nout : nin;
            for (int k = 0; k < nrows; k++)
                for (int p = 0; p < T; p++) {
                    double s = 0;
                    for (int i = 0; i < inner; i++) s += (double)wt[k * ldw + i] * h[i * T + p];
                    snprintf(what, sizeof what, "vl_affine_t [%d,%d]", k, p);
                    expect_close(what, dh[k * T + p], s, 2e-5);
                }
            free(dh);
        }
        float *row = floats(T, 0);
        vl_rowvec(bias, 0.25f, h, nin < nout ? nin : nout, T, row);
        for (int p = 0; p < T; p++) {
            double s = 0.25;
            for (int k = 0; k < (nin < nout ? nin : nout); k++) s += (double)bias[k] * h[k * T + p];
            expect_close("vl_rowvec", row[p], s, 2e-5);
        }
        float *dwt = floats(nin * ldw, 0);
        vl_grad_outer(z, h, nout, nin, T, dwt, ldw);
        for (int k = 0; k < nin; k++)
            for (int i = 0; i < nout; i++) {
                double s = 0;
                for (int p = 0; p < T; p++) s += (double)z[i * T + p] * h[k * T + p];
                expect_close("vl_grad_outer", dwt[k * ldw + i], s, 5e-5);
            }
        free(wt); free(bias); free(h); free(z); free(out); free(row); free(dwt);
    }
}

static void check_activations(void) {
    const int n = 4096;
    float *z = floats(n, 12), *copy = floats(n, 0);
    double *zd = aligned_alloc(64, n * sizeof(double));
    for (int code = 0; code < VL_CODES; code++) {
        memcpy(copy, z, n * sizeof(float));
        vl_activate(copy, n, code, 0.1f);
        for (int i = 0; i < n; i++) {
            double want = act_ref(code, z[i], 0.1);
            char what[64];
            snprintf(what, sizeof what, "float32 activation %d at %g", code, z[i]);
            expect_close(what, copy[i], want, fabs(want) < 1e-30 ? 1e-30 : 2e-6);
        }
        for (int i = 0; i < n; i++) zd[i] = z[i];
        vl_activate_f64(zd, n, code, 0.1);
        for (int i = 0; i < n; i++) expect_close("float64 activation", zd[i], act_ref(code, z[i], 0.1), 1e-13);
    }
    free(z); free(copy); free(zd);
}

static void check_float64_affine(void) {
    int nin = 13, nout = 7, T = 24;
    double *w = malloc(nin * nout * sizeof(double)), *b = malloc(nout * sizeof(double));
    double *h = aligned_alloc(64, nin * T * sizeof(double)), *z = aligned_alloc(64, nout * T * sizeof(double));
    for (int i = 0; i < nin * nout; i++) w[i] = uniform();
    for (int i = 0; i < nout; i++) b[i] = uniform();
    for (int i = 0; i < nin * T; i++) h[i] = uniform();
    vl_affine_f64(w, b, h, nin, nout, T, z);
    for (int i = 0; i < nout; i++)
        for (int p = 0; p < T; p++) {
            long double s = b[i];
            for (int k = 0; k < nin; k++) s += (long double)w[i * nin + k] * h[k * T + p];
            expect_close("vl_affine_f64", z[i * T + p], (double)s, 1e-14);
        }
    free(w); free(b); free(h); free(z);
}

static void check_observation(void) {
    int n = 7, T = 32;
    float *z = floats(n * T, 1);
    for (int p = 0; p < T; p++) z[2 * T + p] = fabsf(z[2 * T + p]) + 0.1f;    // unit 2 never <= 0
    for (int p = 0; p < T; p++) z[5 * T + p] = -fabsf(z[5 * T + p]) - 0.1f;   // unit 5 never > 0
    uint32_t keyA[7], keyB[7], hashA[32] = {0}, hashB[32] = {0};
    uint8_t pos[7] = {0}, neg[7] = {0};
    for (int i = 0; i < n; i++) { keyA[i] = (uint32_t)(uniform() * 4e9); keyB[i] = (uint32_t)(uniform() * 4e9); }
    vl_observe(z, n, T, keyA, keyB, hashA, hashB, pos, neg);
    for (int i = 0; i < n; i++) {
        int anyPos = 0, anyNeg = 0;
        for (int p = 0; p < T; p++) { anyPos |= z[i * T + p] > 0; anyNeg |= z[i * T + p] < 0; }
        expect_close("vl_observe pos", pos[i], anyPos, 0);
        expect_close("vl_observe neg", neg[i], anyNeg, 0);
    }
    for (int p = 0; p < T; p++) {
        uint32_t a = 0, b = 0;
        for (int i = 0; i < n; i++) if (z[i * T + p] > 0) { a += keyA[i]; b += keyB[i]; }
        expect_close("vl_observe hash A", hashA[p], a, 0);
        expect_close("vl_observe hash B", hashB[p], b, 0);
    }
    free(z);
}

static void check_adam(void) {
    int n = 103;
    float *w = floats(n, 1), *g = floats(n, 1), *m = floats(n, 0.1), *v = floats(n, 0);
    double wr[103], mr[103], vr[103];
    for (int j = 0; j < n; j++) { v[j] = fabsf(v[j]) + 0.01f; wr[j] = w[j]; mr[j] = m[j]; vr[j] = v[j]; }
    vl_adam(w, g, m, v, n, 1e-3f, 0.9f, 0.999f, 0.1f, 0.001f, 1e-8f);
    for (int j = 0; j < n; j++) {
        mr[j] = 0.9 * mr[j] + 0.1 * g[j];
        vr[j] = 0.999 * vr[j] + 0.001 * (double)g[j] * g[j];
        wr[j] -= 1e-3 * (mr[j] / 0.1) / (sqrt(vr[j] / 0.001) + 1e-8);
        expect_close("vl_adam w", w[j], wr[j], 1e-5);
        expect_close("vl_adam v", v[j], vr[j], 1e-5);
    }
    free(w); free(g); free(m); free(v);
}

int main(void) {
    check_gemm();
    check_activations();
    check_float64_affine();
    check_observation();
    check_adam();
    printf("%s: %d checks, %d failed\n", failures ? "FAILED" : "passed", checks, failures);
    return failures ? 1 : 0;
}
