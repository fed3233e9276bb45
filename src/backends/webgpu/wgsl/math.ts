// WGSL maths with float32 accuracy. WGSL's builtins only promise loose bounds (sin/cos: 2^-11
// absolute; log: 2^-21 absolute near 1; tanh: whatever sinh/cosh give, NaN for large x on
// SwiftShader), which would make CPU/GPU parity meaningless, so the transcendental primitives
// use these: range reduction plus short polynomials, each ≲ 2 ulp (measured in
// test/backends/parity.test.ts). sqrt and division stay builtins (0.5–0.7 ulp measured).
//
// Helpers are included in a kernel only when its code calls them (see `withMath`).

import { f32 } from "./format";

interface MathFn {
  deps: string[];
  code: string;
}

const LN2_HI = 0.693145751953125; // 16 bits: k·LN2_HI is exact for |k| < 2^8
const LN2_LO = Math.LN2 - LN2_HI;
// π/2 in three parts (8, 12 and 24 bits): q·PIO2_1 and q·PIO2_2 are exact for |q| < 2^12,
// so the reduction is accurate for |x| up to about 6,400.
const PIO2_1 = 1.5703125;
const PIO2_2 = 0.0004837512969970703;
const PIO2_3 = Math.PI / 2 - PIO2_1 - PIO2_2;

/** Horner form of Σ c_i·z^i. */
function horner(z: string, cs: number[]): string {
  return cs.slice(0, -1).reduceRight((acc, c) => `(${f32(c)} + ${z} * ${acc})`, f32(cs[cs.length - 1]));
}

const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));

// erf and tanh: least-squares-to-minimax (Lawson) fits made for this file with numpy + mpmath.
// |x| < 0.921875: erf x = x + x·P(x²), relative error of the fit 1.6e-8.
const ERF_SMALL = [
  0.12837915122509003, -0.37612494826316833, 0.1128181740641594, -0.026766644790768623, 0.004993212874978781,
  -0.000599099206738174,
];
// 0.921875 ≤ |x| < 4: erfc x = exp(−H(x)), H a degree-7 polynomial, error in erf ≤ 8.3e-11.
const ERF_LARGE = [
  -0.00016202597180381417, 1.129453182220459, 0.6334734559059143, 0.1081390455365181, -0.02502715401351452,
  0.0041356501169502735, -0.0004270841018296778, 2.0451461750781164e-5,
];

// |x| < 0.625: tanh x = x + x³·P(x²), relative error of the fit 4.4e-9.
const TANH_SMALL = [
  -0.3333328068256378, 0.13331441581249237, -0.05373971536755562, 0.02063908986747265, -0.005704990588128567,
];

const LIB: Record<string, MathFn> = {
  // Bit test: `x != x` is folded away by fast-math compilers (SwiftShader does).
  wg_isnan: {
    deps: [],
    code: "fn wg_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }",
  },
  // exp x = 2^k·exp(r), r = x − k·ln2 ∈ [−0.35, 0.35]; Taylor to r⁷ (next term < 5.3e-9).
  wg_exp: {
    deps: ["wg_isnan"],
    code: `fn wg_exp(x: f32) -> f32 {
  if (wg_isnan(x)) { return x; }
  if (x > 88.72284f) { return ${f32(Infinity)}; }
  if (x < -103.97208f) { return 0.0f; }
  let k = round(x * 1.442695f);
  let r = (x - k * ${f32(LN2_HI)}) - k * ${f32(LN2_LO)};
  let p = r * r * ${horner("r", [1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040])};
  let e = 1.0f + (r + p);
  // Scale in two halves: ldexp's exponent must stay within the f32 range.
  let k1 = i32(k) / 2;
  return ldexp(ldexp(e, k1), i32(k) - k1);
}`,
  },
  // log x = e·ln2 + log m with m ∈ [√½, √2); log m = f − f²/2 + s·(f²/2 + R), s = f/(2+f),
  // R = 2s²/3 + 2s⁴/5 + … (|s| ≤ 0.1716, so four terms leave < 1e-9 relative).
  wg_log: {
    deps: ["wg_isnan"],
    code: `fn wg_log(x: f32) -> f32 {
  if (wg_isnan(x) || x < 0.0f) { return ${f32(Number.NaN)}; }
  if (x == 0.0f) { return ${f32(-Infinity)}; }
  if (bitcast<u32>(x) == 0x7f800000u) { return x; }
  var bits = bitcast<u32>(x);
  var e = 0i;
  if (bits < 0x00800000u) { bits = bitcast<u32>(x * 8388608.0f); e = -23i; }
  bits = bits + (0x3f800000u - 0x3f3504f3u);
  e = e + i32(bits >> 23u) - 127i;
  let m = bitcast<f32>((bits & 0x007fffffu) + 0x3f3504f3u);
  let f = m - 1.0f;
  let s = f / (2.0f + f);
  let z = s * s;
  let R = z * ${horner("z", [2 / 3, 2 / 5, 2 / 7, 2 / 9])};
  let hfsq = 0.5f * f * f;
  let k = f32(e);
  return s * (hfsq + R) + k * ${f32(LN2_LO)} - hfsq + f + k * ${f32(LN2_HI)};
}`,
  },
  // sin and cos share the reduction r = x − q·π/2 (Cody–Waite, three parts of π/2).
  wg_sin_poly: {
    deps: [],
    code: `fn wg_sin_poly(r: f32) -> f32 {
  let z = r * r;
  return r + r * z * ${horner("z", [-1 / 6, 1 / fact(5), -1 / fact(7), 1 / fact(9)])};
}`,
  },
  wg_cos_poly: {
    deps: [],
    code: `fn wg_cos_poly(r: f32) -> f32 {
  let z = r * r;
  let hz = 0.5f * z;
  let w = 1.0f - hz;
  // fdlibm's split keeps the rounding of 1 − z/2 out of the small tail.
  return w + (((1.0f - w) - hz) + z * z * ${horner("z", [1 / 24, -1 / 720, 1 / fact(8), -1 / fact(10)])});
}`,
  },
  wg_sin: {
    deps: ["wg_sin_poly", "wg_cos_poly"],
    code: `fn wg_sin(x: f32) -> f32 {
  let q = round(x * 0.63661977f);
  let r = ((x - q * ${f32(PIO2_1)}) - q * ${f32(PIO2_2)}) - q * ${f32(PIO2_3)};
  let n = u32(i32(q) & 3i);
  var v = select(wg_sin_poly(r), wg_cos_poly(r), (n & 1u) == 1u);
  if (n >= 2u) { v = -v; }
  return v;
}`,
  },
  wg_cos: {
    deps: ["wg_sin_poly", "wg_cos_poly"],
    code: `fn wg_cos(x: f32) -> f32 {
  let q = round(x * 0.63661977f);
  let r = ((x - q * ${f32(PIO2_1)}) - q * ${f32(PIO2_2)}) - q * ${f32(PIO2_3)};
  let n = u32(i32(q) & 3i);
  var v = select(wg_cos_poly(r), wg_sin_poly(r), (n & 1u) == 1u);
  if (n == 1u || n == 2u) { v = -v; }
  return v;
}`,
  },
  // |x| < 0.625: tanh x = x + x³·P(x²) (fit error 4e-9 relative); beyond, 1 − 2/(e^{2|x|} + 1),
  // whose subtraction from 1 cannot cancel (the result is > 0.55); past 9.1 it rounds to ±1.
  wg_tanh: {
    deps: ["wg_exp", "wg_isnan"],
    code: `fn wg_tanh(x: f32) -> f32 {
  if (wg_isnan(x)) { return x; }
  let a = abs(x);
  if (a < 0.625f) {
    let z = x * x;
    return x + x * z * ${horner("z", TANH_SMALL)};
  }
  if (a > 9.1f) { return sign(x); }
  return sign(x) * (1.0f - 2.0f / (wg_exp(2.0f * a) + 1.0f));
}`,
  },
  // The CPU's form: never exponentiates a positive number, so no overflow.
  wg_sigmoid: {
    deps: ["wg_exp"],
    code: `fn wg_sigmoid(x: f32) -> f32 {
  if (x >= 0.0f) { return 1.0f / (1.0f + wg_exp(-x)); }
  let e = wg_exp(x);
  return e / (1.0f + e);
}`,
  },
  wg_erf: {
    deps: ["wg_exp", "wg_isnan"],
    code: `fn wg_erf(x: f32) -> f32 {
  if (wg_isnan(x)) { return x; }
  let a = abs(x);
  if (a < 0.921875f) {
    let z = x * x;
    return x + x * ${horner("z", ERF_SMALL)};
  }
  if (a >= 4.0f) { return sign(x); }
  let h = ${horner("a", ERF_LARGE)};
  return sign(x) * (1.0f - wg_exp(-h));
}`,
  },
  // a^b as JavaScript's ** defines it: b = 0 gives 1, a negative base needs an integer b.
  wg_pow: {
    deps: ["wg_exp", "wg_log", "wg_isnan"],
    code: `fn wg_pow(a: f32, b: f32) -> f32 {
  if (b == 0.0f) { return 1.0f; }
  if (wg_isnan(a) || wg_isnan(b)) { return ${f32(Number.NaN)}; }
  let is_int = floor(b) == b;
  let odd = is_int && abs(b) < 16777216.0f && (i32(b) & 1i) == 1i;
  if (a < 0.0f && !is_int) { return ${f32(Number.NaN)}; }
  if (a == 0.0f) {
    let mag = select(0.0f, ${f32(Infinity)}, b < 0.0f);
    return select(mag, select(mag, -mag, a < 0.0f || (1.0f / a) < 0.0f), odd);
  }
  let r = wg_exp(b * wg_log(abs(a)));
  return select(r, -r, a < 0.0f && odd);
}`,
  },
  // Math.max/min semantics: NaN in, NaN out (WGSL's max/min drop it on SwiftShader).
  wg_max: {
    deps: ["wg_isnan"],
    code: "fn wg_max(a: f32, b: f32) -> f32 { return select(max(a, b), a + b, wg_isnan(a) || wg_isnan(b)); }",
  },
  wg_min: {
    deps: ["wg_isnan"],
    code: "fn wg_min(a: f32, b: f32) -> f32 { return select(min(a, b), a + b, wg_isnan(a) || wg_isnan(b)); }",
  },
  wg_sign: {
    deps: ["wg_isnan"],
    code: "fn wg_sign(x: f32) -> f32 { return select(sign(x), x, wg_isnan(x)); }",
  },
};

function collect(name: string, out: string[], seen: Set<string>): void {
  if (seen.has(name)) return;
  seen.add(name);
  const fn = LIB[name];
  if (!fn) throw new Error(`unknown WGSL helper ${name}`);
  for (const d of fn.deps) collect(d, out, seen);
  out.push(fn.code);
}

/** Prepends the helpers `body` calls (and their dependencies), each once, in dependency order. */
export function withMath(body: string): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of body.matchAll(/\b(wg_[a-z0-9_]+)\(/g)) collect(m[1], out, seen);
  return out.length ? `${out.join("\n")}\n${body}` : body;
}
