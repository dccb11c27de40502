// Smooth activations in float32 for the forward pass over whole tiles: tanh, sigmoid, elu,
// gelu and sin, each written as branch-free scalar code that the compiler vectorises (8
// floats per AVX2 instruction, 4 doubles for sin's reduction). Every one is within 1e-6
// relative error of the float64 reference (libm) over the whole float range, with an
// absolute floor of 1e-37 where the true value underflows float32; docs/measures.md,
// "Kernels", and KernelAccuracyTests check it. libm itself is not used: its calls do not
// vectorise.
#include "kernels.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && defined(__linux__)
#define CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define CLONES
#endif

#define INLINE static inline __attribute__((always_inline))

INLINE float bits_to_float(int32_t i) { float f; memcpy(&f, &i, 4); return f; }

// e^r - 1 for |r| <= ln2 / 2 (a little more is fine): r + r^2 P(r) with Cephes's degree-5 P,
// accurate relative to e^r - 1 itself, so no cancellation near 0.
INLINE float expm1_reduced(float r) {
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    return p * r * r + r;
}

// x = n ln2 + r, |r| <= ln2 / 2: n rounded from x / ln2, ln2 split in two so r is exact.
INLINE float reduce_ln2(float x, float n) { return (x - n * 0.693359375f) - n * -2.12194440e-4f; }
INLINE float nearest_n(float x) { return floorf(x * 1.44269504088896341f + 0.5f); }
INLINE float pow2i(float n) { return bits_to_float(((int32_t)n + 127) << 23); }

// e^x for x in [-87, 88] (clamped): 2^n e^r.
INLINE float exp_f(float x) {
    x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
    float n = nearest_n(x);
    return (1.0f + expm1_reduced(reduce_ln2(x, n))) * pow2i(n);
}

// tanh: Eigen's rational minimax fit x P(x^2) / Q(x^2) (degrees 13 and 6), clamped at
// 7.905 where it reaches 1 - 3e-7; x itself below 4e-4. Worst relative error 4.1e-7,
// measured over every float in [-20, 20]. One division, no exponential.
INLINE float tanh_f(float x) {
    float a = fabsf(x);
    float c = copysignf(a > 7.90531110763549805f ? 7.90531110763549805f : a, x);
    float s = c * c;
    float p = -2.76076847742355e-16f;
    p = p * s + 2.00018790482477e-13f;
    p = p * s - 8.60467152213735e-11f;
    p = p * s + 5.12229709037114e-08f;
    p = p * s + 1.48572235717979e-05f;
    p = p * s + 6.37261928875436e-04f;
    p = p * s + 4.89352455891786e-03f;
    float q = 1.19825839466702e-06f;
    q = q * s + 1.18534705686654e-04f;
    q = q * s + 2.26843463243900e-03f;
    q = q * s + 4.89352518554385e-03f;
    return a < 0.0004f ? x : c * p / q;
}

// e^(hi + lo) with hi exact: hi is reduced exactly as in exp_f and lo added to the small
// remainder, so hi + lo is never rounded as a whole (only to pick n).
INLINE float exp_split_f(float hi, float lo) {
    hi = hi < -87.0f ? -87.0f : (hi > 88.0f ? 88.0f : hi);
    float n = nearest_n(hi + lo);
    return (1.0f + expm1_reduced(reduce_ln2(hi, n) + lo)) * pow2i(n);
}

INLINE float sigmoid_f(float x) { return 1.0f / (1.0f + exp_f(-x)); }

// elu: x, or e^x - 1 without cancellation: with x = n ln2 + r as in exp_f and m = e^r - 1,
// e^x - 1 = 2^n m + (2^n - 1); for n = 0 that is m itself.
INLINE float elu_f(float x) {
    float c = x < -87.0f ? -87.0f : (x > 0.0f ? 0.0f : x);
    float n = nearest_n(c), scale = pow2i(n);
    return x > 0 ? x : scale * expm1_reduced(reduce_ln2(c, n)) + (scale - 1.0f);
}

// gelu(x) = x Phi(x), Phi(x) = erfc(-x / sqrt 2) / 2, with the Chebyshev fit of erfc from
// Numerical Recipes (fractional error below 1.2e-7 everywhere):
//   erfc(z) = t exp(-z^2 + P(t)), t = 1 / (1 + z / 2), z >= 0.
// z^2 = x^2 / 2 is split exactly with an FMA, so e^(-z^2) keeps its relative accuracy in
// the far tail (x = -13: Phi = 6e-39); below -13.5 the value underflows to -0, and above
// 6 Phi is 1 in float32 (1 - 1e-9).
INLINE float gelu_f(float xin) {
    float x = xin < -14.0f ? -14.0f : (xin > 6.0f ? 6.0f : xin);
    float z = fabsf(x) * 0.70710678118654752f;
    float t = 1.0f / (1.0f + 0.5f * z);
    float p = 0.17087277f;
    p = p * t - 0.82215223f;
    p = p * t + 1.48851587f;
    p = p * t - 1.13520398f;
    p = p * t + 0.27886807f;
    p = p * t - 0.18628806f;
    p = p * t + 0.09678418f;
    p = p * t + 0.37409196f;
    p = p * t + 1.00002368f;
    p = p * t - 1.26551223f;
    float xx = x * x, xe = fmaf(x, x, -xx);            // x^2 = xx + xe exactly
    float tail = t * exp_split_f(-0.5f * xx, p - 0.5f * xe);   // erfc(|x| / sqrt 2)
    float phi = x < 0 ? 0.5f * tail : 1.0f - 0.5f * tail;
    return xin < -13.5f ? -0.0f : (xin > 6.0f ? xin : x * phi);
}

// sin for |x| <= 1000 in float: x = k pi/2 + r with pi/2 in four parts, the first with 8
// bits so k C1 is exact, the others through FMAs; Cephes's sinf and cosf polynomials on
// |r| <= pi/4.
INLINE float sin_small_f(float x) {
    float k = floorf(x * 0.636619772367581343f + 0.5f);
    // k C1 is exact and so is x - k C1; FMAs keep the other products unrounded. C3 is
    // pi/2 - C1 - C2 rounded to float and C4 what that rounding left (next to a zero of sin
    // at x = 506 it matters at 1e-4 relative).
    float r = fmaf(-k, 4.837512969970703125e-4f, x - k * 1.5703125f);
    r = fmaf(-k, 7.549790126404332e-08f, r);
    r = fmaf(-k, -1.7151245100058819e-15f, r);
    float z = r * r;
    float sn = r + r * z * (-1.6666654611e-1f + z * (8.3321608736e-3f + z * -1.9515295891e-4f));
    float cs = 1.0f - 0.5f * z + z * z * (4.166664568298827e-2f + z * (-1.388731625493765e-3f + z * 2.443315711809948e-5f));
    float q = k - 4.0f * floorf(k * 0.25f);
    float v = (q == 1.0f || q == 3.0f) ? cs : sn;
    return q >= 2.0f ? -v : v;
}

// sin up to 1e6: reduced in double (k = nearest integer to x 2/pi, r = x - k pi/2 with pi/2 in two
// parts), then Taylor polynomials for sin and cos on |r| <= pi/4; exact for |x| <= 1e6.
INLINE float sin_f(float xf) {
    double x = xf;
    double k = floor(x * 0.63661977236758134 + 0.5);
    double r = (x - k * 1.5707963267341256) - k * 6.0771005065061922e-11;
    double s2 = r * r;
    double sn = r * (1 + s2 * (-1.0 / 6 + s2 * (1.0 / 120 + s2 * (-1.0 / 5040 + s2 * (1.0 / 362880 + s2 * (-1.0 / 39916800))))));
    double cs = 1 + s2 * (-0.5 + s2 * (1.0 / 24 + s2 * (-1.0 / 720 + s2 * (1.0 / 40320 + s2 * (-1.0 / 3628800 + s2 * (1.0 / 479001600))))));
    // The quadrant k mod 4 in double arithmetic (an int64 conversion would not vectorise).
    double q = k - 4 * floor(k * 0.25);
    double v = (q == 1 || q == 3) ? cs : sn;
    return (float)(q >= 2 ? -v : v);
}

#define SMOOTH_LOOP(F) for (int j = 0; j < count; j++) z[j] = F(z[j])

CLONES
void vl_activate_smooth(float *z, int count, int code) {
    switch (code) {
    case VL_TANH: SMOOTH_LOOP(tanh_f); break;
    case VL_SIGMOID: SMOOTH_LOOP(sigmoid_f); break;
    case VL_ELU: SMOOTH_LOOP(elu_f); break;
    case VL_GELU: SMOOTH_LOOP(gelu_f); break;
    case VL_SIN: {
        // Beyond 1e6 the two-part reduction loses digits: libm there (never in practice). A
        // call inside the loop would stop it vectorising, so it gets a loop of its own.
        // Tiles of pre-activations up to 1000 (all of them in practice) in float, 8 at a time.
        int small = 1, medium = 1;   // a NaN is neither
        for (int j = 0; j < count; j++) {
            small &= fabsf(z[j]) <= 1000.0f;
            medium &= fabsf(z[j]) <= 1e6f;
        }
        if (small) {
            SMOOTH_LOOP(sin_small_f);
        } else if (medium) {
            SMOOTH_LOOP(sin_f);
        } else {
            for (int j = 0; j < count; j++) z[j] = (float)sin((double)z[j]);
        }
        break;
    }
    default: break;
    }
}

// The float64 path (PreciseLandscape): every activation over a tile of doubles, with the
// same libm calls as the Swift definitions (so the values are the same to the bit), in C so
// the piecewise-linear ones vectorise and none pays a closure call per value.
CLONES
void vl_activate_f64(double *z, int count, int code, double slope) {
    switch (code) {
    case VL_RELU: for (int j = 0; j < count; j++) z[j] = z[j] > 0 ? z[j] : 0; break;
    case VL_ABS: for (int j = 0; j < count; j++) z[j] = fabs(z[j]); break;
    case VL_LEAKY: for (int j = 0; j < count; j++) z[j] = z[j] > 0 ? z[j] : slope * z[j]; break;
    case VL_TANH: for (int j = 0; j < count; j++) z[j] = tanh(z[j]); break;
    case VL_SIGMOID: for (int j = 0; j < count; j++) z[j] = 1 / (1 + exp(-z[j])); break;
    case VL_ELU: for (int j = 0; j < count; j++) z[j] = z[j] > 0 ? z[j] : expm1(z[j]); break;
    case VL_GELU: for (int j = 0; j < count; j++) z[j] = 0.5 * z[j] * erfc(-z[j] / 1.4142135623730951); break;
    case VL_SIN: for (int j = 0; j < count; j++) z[j] = sin(z[j]); break;
    default: break;
    }
}
