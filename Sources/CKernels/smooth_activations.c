// Smooth activations in float32 for the forward pass over whole tiles: tanh, sigmoid, elu,
// gelu and sin, each written as branch-free scalar code that the compiler vectorises (8
// floats per AVX2 instruction, 4 doubles for sin's reduction; twice that in the AVX-512
// clone, which gave the float64 path 1.3-2x and the same bits, README "Performance"). Every one is within 1e-6
// relative error of the float64 reference (libm) over the whole float range, with an
// absolute floor of 1e-37 where the true value underflows float32; docs/measures.md,
// "Kernels", and KernelAccuracyTests check it. libm itself is not used: its calls do not
// vectorise.
#include "kernels.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && defined(__linux__) && !defined(VL_NO_CLONES)
#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
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

// gelu(x) = x Phi(x). With a = |x|, the tail Phi(-a) = e^(-a^2/2) R(a), where R (half the
// scaled erfc at a / sqrt 2) is smooth and falls from 1/2 like 1 / (a sqrt(2 pi)); a rational
// P4 / Q5 fitted to it on [0, 13.6] (relative error 3e-8 with these float coefficients, all
// positive, so evaluating it in float loses nothing to cancellation). a^2 = xx + xe exactly
// with an FMA, so e^(-a^2/2) keeps its relative accuracy in the far tail (x = -13: Phi =
// 6e-39). The exponential and R do not depend on each other and the polynomials are split
// in Estrin's pairs: a short dependency chain, which is what bounded this loop's speed
// (Numerical Recipes' erfc, a division feeding a degree-9 Horner sum feeding exp, ran 4x
// slower). Below -13.5 the value underflows to -0; above 6 Phi is 1 in float32 (1 - 1e-9).
INLINE float gelu_f(float xin) {
    float x = xin < -14.0f ? -14.0f : (xin > 6.0f ? 6.0f : xin);
    float a = fabsf(x), a2 = a * a;
    float num = (0.50000000575f + 0.44639925331f * a) + a2 * ((0.18940782421f + 0.04276019477f * a) + a2 * 0.00444394420f);
    float den = (1.0f + 1.69068384173f * a) + a2 * ((1.22777786573f + 0.48580000052f * a)
                                                   + a2 * (0.10718850405f + 0.01113923646f * a));
    float xx = x * x, xe = fmaf(x, x, -xx);            // x^2 = xx + xe exactly
    float tail = exp_split_f(-0.5f * xx, -0.5f * xe) * (num / den);   // Phi(-a)
    float phi = x < 0 ? tail : 1.0f - tail;
    return xin < -13.5f ? -0.0f : (xin > 6.0f ? xin : x * phi);
}

// gelu for |x| < 1.25: Phi(x) = 1/2 + x P(x^2), P a degree-6 fit to (Phi(x) - 1/2) / x
// weighted by 1 / Phi(-|x|) (4e-10 in exact arithmetic), 1/2 + x P in one FMA so the
// cancellation for x < 0 (Phi(-1.25) = 0.106) costs at most 3.7 roundings of P. No exponential
// and no division: worst relative error 4.2e-7, measured over every float in [-1.25, 1.25].
INLINE float gelu_small_f(float x) {
    float s = x * x;
    float p = 4.581536359182792e-07f;
    p = fmaf(p, s, -8.965705092123244e-06f);
    p = fmaf(p, s, 0.00011484673450468108f);
    p = fmaf(p, s, -0.001186930458061397f);
    p = fmaf(p, s, 0.009973415173590183f);
    p = fmaf(p, s, -0.06649035960435867f);
    p = fmaf(p, s, 0.3989422917366028f);
    return x * fmaf(x, p, 0.5f);
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

// F over `count` values of TYPE at z in chunks of WIDTH (one AVX-512 vector): SMALL where
// every value v of the chunk satisfies IN, else F; the tail with F. A tile's row is one unit
// at neighbouring grid points, so its chunks mostly lie in one range.
#define RANGED_CHUNKS(TYPE, WIDTH, F, SMALL, IN) do { \
        int j = 0; \
        for (; j + (WIDTH) <= count; j += (WIDTH)) { \
            TYPE *c = z + j; int all = 1; \
            for (int k = 0; k < (WIDTH); k++) { TYPE v = c[k]; all &= (IN); } \
            if (all) { for (int k = 0; k < (WIDTH); k++) c[k] = SMALL(c[k]); } \
            else { for (int k = 0; k < (WIDTH); k++) c[k] = F(c[k]); } \
        } \
        for (; j < count; j++) z[j] = F(z[j]); \
    } while (0)

CLONES
void vl_activate_smooth(float *z, int count, int code) {
    switch (code) {
    case VL_TANH: SMOOTH_LOOP(tanh_f); break;
    case VL_SIGMOID: SMOOTH_LOOP(sigmoid_f); break;
    case VL_ELU: SMOOTH_LOOP(elu_f); break;
    case VL_GELU: RANGED_CHUNKS(float, 16, gelu_f, gelu_small_f, fabsf(v) < 1.25f); break;
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
    default: vl_unknown_code(code, "vl_activate_smooth");
    }
}

// ---------------------------------------------------------------------------------------
// The float64 path (PreciseLandscape) over tiles of doubles. libm's exp, tanh, expm1 and
// erfc do not vectorise and took most of a nearly flat net's time, so these are Cephes's
// double-precision rational approximations written branch-free (both sides of a range
// computed and one chosen), within 1e-15 relative of libm (KernelAccuracyTests); sin is
// Cephes's too up to 1e5 and libm beyond. Landscapes measured this way resolve V_k down to 1e-12 of the RMS, far above that.

INLINE double bits_to_double(int64_t i) { double d; memcpy(&d, &i, 8); return d; }

// 2^n for integral n in [-1022, 1023], without an integer conversion (which AVX2 lacks for
// doubles): n + 1.5 * 2^52 holds n in its low bits.
INLINE double pow2i_d(double n) {
    double t = n + 6755399441055744.0;
    int64_t i; memcpy(&i, &t, 8);
    return bits_to_double((i + 1023) << 52);
}

// e^x for x in [-708, 709] (clamped), Cephes exp: x = n ln2 + r, e^r = 1 + 2 r P / (Q - r P).
// In two halves, the division's operands and what follows it, so a caller that divides for
// another range too can choose operands first and divide once (divisions dominate these
// functions' cost; the bits are the same as dividing in each range and choosing after).
typedef struct { double n, p, q; } exp_parts;

INLINE exp_parts exp_split(double x) {
    x = x < -708.0 ? -708.0 : (x > 709.0 ? 709.0 : x);
    double n = floor(x * 1.4426950408889634073599 + 0.5);
    double r = (x - n * 6.93145751953125E-1) - n * 1.42860682030941723212E-6;
    double rr = r * r;
    double p = r * ((1.26177193074810590878E-4 * rr + 3.02994407707441961300E-2) * rr + 9.99999999999999999910E-1);
    double q = ((3.00198505138664455042E-6 * rr + 2.52448340349684104192E-3) * rr + 2.27265548208155028766E-1) * rr
               + 2.00000000000000000009E0;
    return (exp_parts){n, p, q - p};
}

// e^x from its parts and ratio = p / (q - p).
INLINE double exp_finish(double n, double ratio) {
    double e = 1.0 + 2.0 * ratio;
    // 2^n in two halves, so n = 1023 + 1 (x near 709) still fits each factor.
    double h = floor(n * 0.5);
    return e * pow2i_d(h) * pow2i_d(n - h);
}

INLINE double exp_d(double x) {
    exp_parts e = exp_split(x);
    return exp_finish(e.n, e.p / e.q);
}

// e^x - 1, Cephes expm1: a rational form on |x| <= 0.5 (no cancellation near 0), e^x - 1
// beyond (there e^x - 1 loses at most a bit); one division for both.
INLINE double expm1_d(double x) {
    double xx = x * x;
    double r = x * ((1.2617719307481059087798E-4 * xx + 3.0299440770744196129956E-2) * xx + 9.9999999999999999991025E-1);
    double q = ((3.0019850513866445504159E-6 * xx + 2.5244834034968410419224E-3) * xx + 2.2726554820815502876593E-1) * xx
               + 2.0000000000000000000897E0;
    exp_parts e = exp_split(x);
    int near = fabs(x) <= 0.5;
    double ratio = (near ? r : e.p) / (near ? q - r : e.q);
    return near ? ratio + ratio : exp_finish(e.n, ratio) - 1.0;
}

// tanh's rational form below 0.625, P(s) and Q(s) for s = x^2 (shared by tanh_d and
// tanh_small_d, so both compute them alike).
INLINE double tanh_p(double s) {
    return (-9.64399179425052238628E-1 * s - 9.92877231001918586564E1) * s - 1.61468768441708447952E3;
}
INLINE double tanh_q(double s) {
    return ((s + 1.12811678491632931402E2) * s + 2.23548839060100448583E3) * s + 4.84406305325125486048E3;
}

// tanh, Cephes: x + x^3 P(x^2) / Q(x^2) below 0.625, 1 - 2 / (e^2|x| + 1) above; the first
// division shared by the two ranges.
INLINE double tanh_d(double x) {
    double a = fabs(x);
    double s = x * x;
    double p = tanh_p(s), q = tanh_q(s);
    exp_parts e = exp_split(2.0 * a);
    int below = a < 0.625;
    double ratio = (below ? p : e.p) / (below ? q : e.q);
    double small = x + x * s * ratio;
    double large = copysign(1.0 - 2.0 / (exp_finish(e.n, ratio) + 1.0), x);
    return below ? small : large;
}

INLINE double sigmoid_d(double x) { return 1.0 / (1.0 + exp_d(-x)); }

INLINE double elu_d(double x) { return x > 0 ? x : expm1_d(x); }

// erf's rational form below 1, T(z) and U(z) for z = a^2 (shared by erfc_d and erfc_small_d).
INLINE double erf_t(double z) {
    return ((((9.60497373987051638749E0 * z + 9.00260197203842689217E1) * z + 2.23200534594684319226E3) * z
             + 7.00332514112805075473E3) * z + 5.55923013010394962768E4);
}
INLINE double erf_u(double z) {
    return (((((z + 3.35617141647503099647E1) * z + 5.21357949780152679795E2) * z + 4.59432382970980127987E3) * z
             + 2.26290000613890934246E4) * z + 4.92673942608635921086E4);
}

// erfc, Cephes ndtr.c: 1 - erf below 1; e^(-a^2) P(a) / Q(a) up to 8, R / S beyond, with
// a^2 split exactly by an FMA so e^(-a^2) keeps its accuracy in the tail; 2 - erfc(|a|)
// for negative a. Zero beyond 26.5 (below 1e-307).
INLINE double erfc_d(double a) {
    double x = fabs(a), z = x * x;
    double t = erf_t(z), u = erf_u(z);
    double p = 2.46196981473530512524E-10;
    p = p * x + 5.64189564831068821977E-1; p = p * x + 7.46321056442269912687E0;
    p = p * x + 4.86371970985681366614E1; p = p * x + 1.96520832956077098242E2;
    p = p * x + 5.26445194995477358631E2; p = p * x + 9.34528527171957607540E2;
    p = p * x + 1.02755188689515710272E3; p = p * x + 5.57535335369399327526E2;
    double q = x + 1.32281951154744992508E1;
    q = q * x + 8.67072140885989742329E1; q = q * x + 3.54937778887819891062E2;
    q = q * x + 9.75708501743205489753E2; q = q * x + 1.82390916687909736289E3;
    q = q * x + 2.24633760818710981792E3; q = q * x + 1.65666309194161350182E3;
    q = q * x + 5.57535340817727675546E2;
    double r = 5.64189583547755073984E-1;
    r = r * x + 1.27536670759978104416E0; r = r * x + 5.01905042251180477414E0;
    r = r * x + 6.16021097993053585195E0; r = r * x + 7.40974269950448939160E0;
    r = r * x + 2.97886665372100240670E0;
    double s = x + 2.26052863220117276590E0;
    s = s * x + 9.39603524938001434673E0; s = s * x + 1.20489539808096656605E1;
    s = s * x + 1.70814450747565897222E1; s = s * x + 9.60896809063285878198E0;
    s = s * x + 3.36907645100081516050E0;
    double zl = fma(x, x, -z);                          // x^2 = z + zl exactly
    double e = exp_d(-z) * (1.0 - zl);
    // One division for all three ranges: numerator and denominator are chosen first (the
    // same operands, so the same rounding, as dividing in each range and choosing after;
    // divisions dominated this function's cost).
    double num = x < 1.0 ? a * t : e * (x < 8.0 ? p : r), den = x < 1.0 ? u : (x < 8.0 ? q : s);
    double ratio = num / den;
    double y = x > 26.5 ? 0.0 : ratio;
    y = a < 0 ? 2.0 - y : y;
    return x < 1.0 ? 1.0 - ratio : y;
}

// gelu as the definition writes it: x Phi(x) = x erfc(-x / sqrt 2) / 2.
INLINE double gelu_d(double x) { return 0.5 * x * erfc_d(-x / 1.4142135623730951); }

// The same functions on their first range alone, operation for operation as above where
// that range is chosen, so a tile whose values all lie in it gets the same bits for a
// fraction of the work (neighbouring grid points of a unit mostly share a range).
INLINE double erfc_small_d(double a) {   // |a| < 1
    double x = fabs(a), z = x * x;
    double t = erf_t(z), u = erf_u(z);
    return 1.0 - a * t / u;
}

INLINE double gelu_small_d(double x) { return 0.5 * x * erfc_small_d(-x / 1.4142135623730951); }

INLINE double tanh_small_d(double x) {   // |x| < 0.625
    double s = x * x;
    double p = tanh_p(s), q = tanh_q(s);
    return x + x * s * (p / q);
}

// sin, Cephes sin.c: |x| = y pi/4 + z with pi/4 in three parts (the first two exact in a
// product with y below 2^29), then the sine or cosine polynomial on |z| <= pi/4, both
// computed and one chosen. For |x| <= 1e5 only; sin_tile gives larger ones to libm.
INLINE double sin_d(double x) {
    double a = fabs(x);
    double y = floor(a * 1.27323954473516268615);
    double j = y - 8.0 * floor(y * 0.125);               // y mod 8
    double odd = j - 2.0 * floor(j * 0.5);
    y += odd; j += odd;                                   // j in {0, 2, 4, 6, 8}
    j = j >= 8.0 ? j - 8.0 : j;
    double flip = j >= 4.0 ? -1.0 : 1.0;
    j = j >= 4.0 ? j - 4.0 : j;                           // j in {0, 2}
    double z = ((a - y * 7.85398125648498535156E-1) - y * 3.77489470793079817668E-8) - y * 2.69515142907905952645E-15;
    double zz = z * z;
    double ps = ((((1.58962301576546568060E-10 * zz - 2.50507477628578072866E-8) * zz + 2.75573136213857245213E-6) * zz
                  - 1.98412698295895385996E-4) * zz + 8.33333333332211858878E-3) * zz - 1.66666666666666307295E-1;
    double pc = ((((-1.13585365213876817300E-11 * zz + 2.08757008419747316778E-9) * zz - 2.75573141792967388112E-7) * zz
                  + 2.48015872888517045348E-5) * zz - 1.38888888888730564116E-3) * zz + 4.16666666666665929218E-2;
    double sinv = z + z * zz * ps;
    double cosv = 1.0 - 0.5 * zz + zz * zz * pc;
    double r = (j == 2.0 ? cosv : sinv) * flip;
    return x < 0 ? -r : r;
}

// sin over a tile in chunks: the vector form for every value, then libm for the rare ones
// beyond 1e5 (where the three-part reduction would lose digits), read from a saved copy.
INLINE void sin_tile(double *z, int count) {
    double saved[64];
    for (int start = 0; start < count; start += 64) {
        int n = count - start < 64 ? count - start : 64;
        double *c = z + start;
        memcpy(saved, c, (size_t)n * sizeof(double));
        for (int j = 0; j < n; j++) c[j] = sin_d(c[j]);
        for (int j = 0; j < n; j++) {
            if (!(fabs(saved[j]) <= 1e5)) c[j] = sin(saved[j]);
        }
    }
}

#define TILE_LOOP_D(F) for (int j = 0; j < count; j++) z[j] = F(z[j])

CLONES
void vl_activate_f64(double *z, int count, int code, double slope) {
    switch (code) {
    case VL_RELU: for (int j = 0; j < count; j++) z[j] = z[j] > 0 ? z[j] : 0; break;
    case VL_ABS: for (int j = 0; j < count; j++) z[j] = fabs(z[j]); break;
    case VL_LEAKY: for (int j = 0; j < count; j++) z[j] = z[j] > 0 ? z[j] : slope * z[j]; break;
    case VL_TANH: RANGED_CHUNKS(double, 8, tanh_d, tanh_small_d, fabs(v) < 0.625); break;
    case VL_SIGMOID: TILE_LOOP_D(sigmoid_d); break;
    case VL_ELU: TILE_LOOP_D(elu_d); break;
    case VL_GELU: RANGED_CHUNKS(double, 8, gelu_d, gelu_small_d, fabs(-v / 1.4142135623730951) < 1.0); break;
    case VL_SIN: sin_tile(z, count); break;
    case VL_LINEAR: break;
    default: vl_unknown_code(code, "vl_activate_f64");
    }
}

// One hidden unit's share of f at every point, added to out: z = b + wx x + wy y in the
// order vl_affine_f64 accumulates it, then out += v phi(z) as its output row does.
#define SINGLE_LOOP(PHI) for (int p = 0; p < count; p++) { \
        double z = b; z += wx * xs[p]; z += wy * ys[p]; \
        double a = PHI; out[p] += v * a; }

// SINGLE_LOOP in chunks of 8 points: SMALL where every z of the chunk satisfies IN (as
// RANGED_CHUNKS; z and out are computed as SINGLE_LOOP computes them), then the tail.
#define SINGLE_RANGED(F, SMALL, IN) do { \
        int p = 0; \
        for (; p + 8 <= count; p += 8) { \
            double zc[8]; int all = 1; \
            for (int k = 0; k < 8; k++) { double z = b; z += wx * xs[p + k]; z += wy * ys[p + k]; zc[k] = z; } \
            for (int k = 0; k < 8; k++) all &= (IN); \
            if (all) { for (int k = 0; k < 8; k++) { double a = SMALL(zc[k]); out[p + k] += v * a; } } \
            else { for (int k = 0; k < 8; k++) { double a = F(zc[k]); out[p + k] += v * a; } } \
        } \
        for (; p < count; p++) { double z = b; z += wx * xs[p]; z += wy * ys[p]; double a = F(z); out[p] += v * a; } \
    } while (0)

CLONES
int vl_single_f64(const double *w1, const double *b1, const double *w2, double b2, int n, int code, double slope,
                  const double *xs, const double *ys, int count, double *out) {
    if (code == VL_SIN) return 0;
    for (int p = 0; p < count; p++) out[p] = b2;
    for (int u = 0; u < n; u++) {
        const double wx = w1[2 * u], wy = w1[2 * u + 1], b = b1[u], v = w2[u];
        switch (code) {
        case VL_LINEAR: SINGLE_LOOP(z); break;
        case VL_RELU: SINGLE_LOOP(z > 0 ? z : 0); break;
        case VL_ABS: SINGLE_LOOP(fabs(z)); break;
        case VL_LEAKY: SINGLE_LOOP(z > 0 ? z : slope * z); break;
        case VL_TANH: SINGLE_RANGED(tanh_d, tanh_small_d, fabs(zc[k]) < 0.625); break;
        case VL_SIGMOID: SINGLE_LOOP(sigmoid_d(z)); break;
        case VL_ELU: SINGLE_LOOP(elu_d(z)); break;
        case VL_GELU: SINGLE_RANGED(gelu_d, gelu_small_d, fabs(-zc[k] / 1.4142135623730951) < 1.0); break;
        default: vl_unknown_code(code, "vl_single_f64");
        }
    }
    return 1;
}
