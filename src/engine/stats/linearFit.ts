// Weighted least squares for a straight line y = a + b x with errors σ_i on y:
//   minimize χ² = Σ ((y_i − a − b x_i)/σ_i)²,
//   S = Σ w, Sx = Σ w x, Sy = Σ w y, Sxx = Σ w x², Sxy = Σ w x y, Δ = S·Sxx − Sx²,
//   a = (Sxx Sy − Sx Sxy)/Δ, b = (S Sxy − Sx Sy)/Δ, σ_a² = Sxx/Δ, σ_b² = S/Δ
// (Numerical Recipes §15.2). The parameter errors assume the σ_i are right; χ²/(n − 2) says
// whether the line describes the points (≫ 1: it does not, e.g. corrections to scaling).

export interface LineFit {
  intercept: number
  slope: number
  interceptError: number
  slopeError: number
  chi2: number
  dof: number
}

export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>, sigma: ArrayLike<number>): LineFit {
  let S = 0
  let Sx = 0
  let Sy = 0
  let Sxx = 0
  let Sxy = 0
  const n = x.length
  for (let i = 0; i < n; i++) {
    const w = 1 / (sigma[i] * sigma[i])
    S += w
    Sx += w * x[i]
    Sy += w * y[i]
    Sxx += w * x[i] * x[i]
    Sxy += w * x[i] * y[i]
  }
  const D = S * Sxx - Sx * Sx
  const a = (Sxx * Sy - Sx * Sxy) / D
  const b = (S * Sxy - Sx * Sy) / D
  let chi2 = 0
  for (let i = 0; i < n; i++) chi2 += ((y[i] - a - b * x[i]) / sigma[i]) ** 2
  return { intercept: a, slope: b, interceptError: Math.sqrt(Sxx / D), slopeError: Math.sqrt(S / D), chi2, dof: n - 2 }
}
