// The synthetic ratings generator does what its doc comment says (1,000 users × 100 movies,
// 5 genres, fixed seed): about 25 % of pairs seen (within 4 σ of a binomial), exactly 20 % of
// the seen held out (rounded), ratings ±1 with the like frequency of the stated p_um (4 σ),
// every movie one genre, the Bayes-optimal expectation E[max(p, 1 − p)] recomputed by hand;
// the popularity baseline predicts by each movie's training majority.

import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { bayesOptimal, DEFAULT_MOVIE_SPEC, encodeRatings, generateMovieRatings, heldOutAccuracy, popularityPredictions } from '../../../src/engine/rbm/movies'

describe('synthetic movie ratings', () => {
  const r = generateMovieRatings(DEFAULT_MOVIE_SPEC, createRng(7))
  const pairs = 1000 * 100
  it('25 % seen, 20 % of those held out, ratings ±1 / 0', () => {
    let seenTrain = 0
    let bad = 0
    for (const x of r.train) {
      if (x !== -1 && x !== 0 && x !== 1) bad++
      if (x !== 0) seenTrain++
    }
    expect(bad).toBe(0)
    const seen = seenTrain + r.heldOut.length
    expect(Math.abs(seen - 0.25 * pairs)).toBeLessThan(4 * Math.sqrt(pairs * 0.25 * 0.75))
    expect(r.heldOut.length).toBe(Math.round(0.2 * seen))
    expect(r.heldOut.every((k) => r.train[k] === 0)).toBe(true)
    expect(r.heldOutRating.every((x) => x === 1 || x === -1)).toBe(true)
  })
  it('likes follow p_um = σ(β t + q_m), and movies have one genre each', () => {
    let likes = 0
    let expected = 0
    let variance = 0
    let n = 0
    let worst = 0
    const visit = (k: number, rating: number): void => {
      const u = Math.floor(k / 100)
      const m = k % 100
      const p = 1 / (1 + Math.exp(-(2.5 * r.tasteOf[u * 5 + r.genre[m]] + r.quality[m])))
      worst = Math.max(worst, Math.abs(r.pLike[k] - p))
      if (rating === 1) likes++
      expected += p
      variance += p * (1 - p)
      n++
    }
    r.train.forEach((x, k) => x !== 0 && visit(k, x))
    r.heldOut.forEach((k, i) => visit(k, r.heldOutRating[i]))
    expect(worst).toBeLessThan(1e-12)
    expect(n).toBeGreaterThan(20000)
    expect(Math.abs(likes - expected)).toBeLessThan(4 * Math.sqrt(variance))
    for (const g of r.genre) expect(g >= 0 && g < 5).toBe(true)
    expect(new Set(r.genre).size).toBe(5)
  })
  it('Bayes-optimal and popularity baselines', () => {
    const b = bayesOptimal(r)
    let e = 0
    for (const k of r.heldOut) e += Math.max(r.pLike[k], 1 - r.pLike[k])
    expect(b.expected).toBeCloseTo(e / r.heldOut.length, 12)
    expect(b.accuracy).toBeGreaterThan(0.8)
    const pop = heldOutAccuracy(r, popularityPredictions(r))
    expect(pop).toBeGreaterThan(0.55)
    expect(pop).toBeLessThan(b.accuracy)
  })
  it('encodings: spin keeps +1/−1/0; naive maps dislike and unseen both to 0', () => {
    const spin = encodeRatings(r, 'spin')
    const naive = encodeRatings(r, 'naive')
    let wrong = 0
    r.train.forEach((x, k) => {
      if (spin.V[k] !== x || naive.V[k] !== (x === 1 ? 1 : 0)) wrong++
    })
    expect(wrong).toBe(0)
    expect(spin.V.some((x) => x === -1) && naive.V.some((x) => x === 1)).toBe(true)
  })
})
