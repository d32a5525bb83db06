// A synthetic movie-ratings set for the paper's example application ("1,000 people … like or
// dislike … a −1 for disliked movies, a +1 for liked movies, and a 0 for unseen movies").
// There is no real ratings dataset in the lab; this generator is the whole truth of the data:
//
//   - G genres. Movie m has genre g_m, uniform over the G, and a quality q_m ~ N(0, σ_q²).
//   - User u has a taste t_ug = ±1 (equally likely, independent) for every genre g.
//   - u likes m with probability p_um = σ(β·t_{u g_m} + q_m): taste for the genre, shifted by
//     how good the movie is (β = 2.5, σ_q = 2 by default).
//   - Each pair (u, m) is seen with probability ρ (default 25 %); a seen pair is rated +1
//     (like, with probability p_um) or −1; unseen pairs are 0.
//   - Of the seen ratings a fraction (default 20 %), chosen uniformly, is held out: set to 0 in
//     the training matrix and kept for scoring predictions.
//
// Baselines on the held-out ratings: popularity (like iff the movie has at least as many likes
// as dislikes in training) and the generator's Bayes-optimal rule (like iff p_um > ½, which
// needs the hidden t and q: no learner can do better on average, E[max(p, 1 − p)]).

import type { Rng } from '../rng'
import { freeEnergy } from './freeEnergy'
import type { Rbm } from './model'
import type { RbmRows } from './validate'

export interface MovieSpec {
  users: number
  movies: number
  genres: number
  /** Probability that a user has seen a movie. */
  seen: number
  /** Fraction of the seen ratings held out for scoring. */
  heldOut: number
  /** β: how strongly taste decides a rating. */
  taste: number
  /** σ_q: spread of movie quality. */
  qualitySpread: number
}

export const DEFAULT_MOVIE_SPEC: MovieSpec = { users: 1000, movies: 100, genres: 5, seen: 0.25, heldOut: 0.2, taste: 2.5, qualitySpread: 2 }

export interface MovieRatings {
  spec: MovieSpec
  genre: Int32Array
  quality: Float64Array
  /** users × genres, ±1. */
  tasteOf: Int8Array
  /** users × movies like probabilities p_um. */
  pLike: Float64Array
  /** users × movies training ratings: +1, −1, 0 (unseen or held out). */
  train: Int8Array
  /** Held-out pairs as u·movies + m, and their ratings ±1. */
  heldOut: Int32Array
  heldOutRating: Int8Array
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x))

export function generateMovieRatings(spec: MovieSpec, rng: Rng): MovieRatings {
  const { users: U, movies: M, genres: G } = spec
  const genre = new Int32Array(M)
  const quality = new Float64Array(M)
  for (let m = 0; m < M; m++) {
    genre[m] = rng.int(G)
    quality[m] = spec.qualitySpread * rng.normal()
  }
  const tasteOf = new Int8Array(U * G)
  for (let k = 0; k < tasteOf.length; k++) tasteOf[k] = rng.uniform() < 0.5 ? 1 : -1
  const pLike = new Float64Array(U * M)
  const train = new Int8Array(U * M)
  const seenPairs: number[] = []
  for (let u = 0; u < U; u++)
    for (let m = 0; m < M; m++) {
      const k = u * M + m
      pLike[k] = sigmoid(spec.taste * tasteOf[u * G + genre[m]] + quality[m])
      if (rng.uniform() < spec.seen) {
        train[k] = rng.uniform() < pLike[k] ? 1 : -1
        seenPairs.push(k)
      }
    }
  // hold out a uniform fraction of the seen ratings (partial Fisher–Yates)
  const nHeld = Math.round(spec.heldOut * seenPairs.length)
  for (let i = 0; i < nHeld; i++) {
    const j = i + rng.int(seenPairs.length - i)
    const t = seenPairs[i]
    seenPairs[i] = seenPairs[j]
    seenPairs[j] = t
  }
  const heldOut = Int32Array.from(seenPairs.slice(0, nHeld)).sort()
  const heldOutRating = new Int8Array(nHeld)
  heldOut.forEach((k, i) => {
    heldOutRating[i] = train[k]
    train[k] = 0
  })
  return { spec, genre, quality, tasteOf, pLike, train, heldOut, heldOutRating }
}

export type RatingEncoding = 'spin' | 'naive'

/**
 * Training rows for the machine. 'spin': the paper's encoding, +1 / −1 / 0 (0 = unseen, which a
 * spin machine treats as absent). 'naive': a binary machine with 1 = like and 0 for both
 * dislike and unseen — it cannot tell "did not like" from "did not see".
 */
export function encodeRatings(r: MovieRatings, enc: RatingEncoding): RbmRows {
  const V = new Float32Array(r.train.length)
  for (let k = 0; k < V.length; k++) V[k] = enc === 'spin' ? r.train[k] : r.train[k] === 1 ? 1 : 0
  return { n: r.spec.users, nv: r.spec.movies, V }
}

/** P(like) of every held-out pair from the machine: σ(F(v, m off) − F(v, m on)), the rest of v as in training. */
export function predictHeldOut(m: Rbm, rows: RbmRows, r: MovieRatings): Float64Array {
  const M = r.spec.movies
  const p = new Float64Array(r.heldOut.length)
  const off = m.units === 'binary' ? 0 : -1
  const v = new Float32Array(M)
  r.heldOut.forEach((k, i) => {
    const u = Math.floor(k / M)
    const mv = k % M
    v.set(rows.V.subarray(u * M, (u + 1) * M))
    v[mv] = 1
    const fOn = freeEnergy(m, v)
    v[mv] = off
    const fOff = freeEnergy(m, v)
    p[i] = sigmoid(fOff - fOn)
  })
  return p
}

/** Popularity baseline: P(like) = 1 if the movie has at least as many training likes as dislikes, else 0. */
export function popularityPredictions(r: MovieRatings): Float64Array {
  const M = r.spec.movies
  const score = new Float64Array(M)
  for (let k = 0; k < r.train.length; k++) score[k % M] += r.train[k]
  return Float64Array.from(r.heldOut, (k) => (score[k % M] >= 0 ? 1 : 0))
}

/** Fraction of held-out ratings predicted right (like iff P(like) > ½). */
export function heldOutAccuracy(r: MovieRatings, pLike: ArrayLike<number>): number {
  let right = 0
  for (let i = 0; i < r.heldOut.length; i++) if ((pLike[i] > 0.5 ? 1 : -1) === r.heldOutRating[i]) right++
  return right / Math.max(1, r.heldOut.length)
}

/** The generator's Bayes-optimal rule on the held-out pairs: realised accuracy and its expectation E[max(p, 1 − p)]. */
export function bayesOptimal(r: MovieRatings): { accuracy: number; expected: number } {
  const p = Float64Array.from(r.heldOut, (k) => r.pLike[k])
  let e = 0
  for (const x of p) e += Math.max(x, 1 - x)
  return { accuracy: heldOutAccuracy(r, p), expected: e / Math.max(1, p.length) }
}

/** Correlation of each hidden unit's weights (over movies) with each genre's indicator: n_h × G. */
export function genreCorrelation(m: Rbm, r: MovieRatings): Float64Array {
  const M = r.spec.movies
  const G = r.spec.genres
  const out = new Float64Array(m.nh * G)
  const corr = (x: ArrayLike<number>, y: ArrayLike<number>): number => {
    let mx = 0
    let my = 0
    for (let i = 0; i < M; i++) {
      mx += x[i] / M
      my += y[i] / M
    }
    let sxy = 0
    let sxx = 0
    let syy = 0
    for (let i = 0; i < M; i++) {
      sxy += (x[i] - mx) * (y[i] - my)
      sxx += (x[i] - mx) ** 2
      syy += (y[i] - my) ** 2
    }
    return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0
  }
  for (let g = 0; g < G; g++) {
    const ind = Float64Array.from(r.genre, (x) => (x === g ? 1 : 0))
    for (let j = 0; j < m.nh; j++) out[j * G + g] = corr(m.W.subarray(j * M, (j + 1) * M), ind)
  }
  return out
}
