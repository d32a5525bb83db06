// The 'rbm.movies' job: the paper's example application on the synthetic ratings of
// movies.ts. A machine learns users' like / dislike / unseen vectors and predicts held-out
// ratings; scored against the popularity baseline and the generator's Bayes-optimal rule.
// The lesson of the encoding: with ±1 spins and 0 for unseen (the paper's choice) an unseen
// movie is simply absent; a naive {0, 1} machine reads "unseen" as "dislike" and learns that
// nearly everything is disliked.

import type { JobContext } from '../job'
import { jobPart } from '../jobPart'
import { rbmArtifactMeta } from './artifact'
import { initialMachine, machineGenerators, trainMachine } from './fit'
import { encodeRatings, genreCorrelation, generateMovieRatings, heldOutAccuracy, popularityPredictions, predictHeldOut, bayesOptimal, type RatingEncoding } from './movies'
import { packRbm } from './model'
import { checkLearning } from './trainJob'
import type { RbmMoviesParams, RbmMoviesResult, RbmTrainControl } from './types'
import { checkRows } from './validate'

/** The stream of the synthetic ratings (fit.ts lists the machines'). */
const RATINGS_STREAM = 21

export function runRbmMovies(params: RbmMoviesParams, ctx: JobContext<RbmTrainControl>): RbmMoviesResult {
  checkLearning({ ...params, method: 'cd' })
  const ratings = generateMovieRatings(params.spec, ctx.rng.fork(RATINGS_STREAM))
  const popularity = heldOutAccuracy(ratings, popularityPredictions(ratings))
  const bayes = bayesOptimal(ratings)
  const encodings: RatingEncoding[] = params.encoding === 'both' ? ['spin', 'naive'] : [params.encoding]
  const result: RbmMoviesResult = {
    heldOutRatings: ratings.heldOut.length,
    popularityAccuracy: popularity,
    bayesOptimalAccuracy: bayes.accuracy,
    bayesOptimalExpected: bayes.expected,
    stoppedByUser: false
  }
  ctx.artifact('movies.genre', ratings.genre, { of: 'genre of each movie (the generator’s truth)' })
  let stoppedByUser = false
  const rngs = machineGenerators(ctx, encodings.length)
  encodings.forEach((enc, e) => {
    if (stoppedByUser) return
    const rows = checkRows(encodeRatings(ratings, enc), enc === 'spin' ? 'spin' : 'binary', 'ratings', { allowMissing: enc === 'spin' })
    const learning = { ...params, method: 'cd' as const }
    const total = Math.ceil(rows.n / Math.min(params.batchSize, rows.n)) * params.epochs
    // each encoding a part of the job: its share of the progress, its rows after the other's
    const part = jobPart(ctx, { from: e / encodings.length, to: (e + 1) / encodings.length, note: `${enc} encoding`, stepOffset: e * total, rng: rngs[e] })
    const m = initialMachine(rows.nv, learning, enc === 'spin' ? 'spin' : 'binary', part)
    const fit = trainMachine(m, rows, learning, part, {
      missing: enc === 'spin',
      rowExtras: (row) => {
        row[`accuracy_${enc}`] = heldOutAccuracy(ratings, predictHeldOut(m, rows, ratings))
        row.popularity = popularity
      }
    })
    stoppedByUser = fit.stoppedByUser
    const acc = heldOutAccuracy(ratings, predictHeldOut(m, rows, ratings))
    if (enc === 'spin') result.accuracy_spin = acc
    else result.accuracy_naive = acc
    ctx.artifact(`rbm.${enc}`, packRbm(m), { ...rbmArtifactMeta(m, 1, rows.nv, `${ratings.spec.users} users’ ratings, ${enc} encoding`) })
    ctx.artifact(`genres.${enc}`, genreCorrelation(m, ratings), { rows: m.nh, cols: ratings.spec.genres, of: 'correlation of each hidden unit’s weights with each genre' })
  })
  result.stoppedByUser = stoppedByUser
  ctx.progress(1)
  return result
}
