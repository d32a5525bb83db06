import { z } from 'zod'
import { defineKind } from './define'
import { rbmLearningFields, rbmTrainControl } from './rbm'

// The paper's example application: like / dislike / unseen movie ratings, on a synthetic set
// whose generator is stated in src/engine/rbm/movies.ts (and shown in the panel).

const { method: _method, ...learning } = rbmLearningFields

/** The generator in words, for the panel to show beside the results (src/engine/rbm/movies.ts implements it). */
export const MOVIE_GENERATOR_DESCRIPTION =
  'Synthetic ratings — there is no real ratings dataset in the lab. Each movie has one of G genres (uniform) and a quality q ~ N(0, σ_q²); ' +
  'each user likes or dislikes each genre (taste t = ±1, equally likely). User u likes movie m with probability σ(β·t(u, genre of m) + q_m). ' +
  'Each user has seen each movie with probability ρ; a seen movie is rated +1 (like) or −1 (dislike), an unseen one is 0. ' +
  'A fraction of the seen ratings is held out and predicted. Popularity baseline: like iff the movie has at least as many likes as dislikes. ' +
  'Bayes-optimal: like iff the true probability exceeds ½ (it needs the hidden tastes and qualities; no learner beats it on average).'

export const MovieSpec = z
  .object({
    users: z.number().int().min(10, 'at least 10 users').max(100000).default(1000),
    movies: z.number().int().min(2, 'at least 2 movies').max(4096).default(100),
    genres: z.number().int().min(1, 'at least 1 genre').max(100).default(5),
    /** Probability that a user has seen a movie. */
    seen: z.number().gt(0, 'the seen fraction must be > 0').max(1).default(0.25),
    /** Fraction of the seen ratings held out for scoring. */
    heldOut: z.number().gt(0, 'hold out some ratings').lt(1, 'keep some ratings for training').default(0.2),
    /** β: how strongly taste decides a rating. */
    taste: z.number().min(0).max(20).default(2.5),
    /** σ_q: spread of movie quality. */
    qualitySpread: z.number().min(0).max(20).default(2)
  })
  .strict()

export const rbmMoviesParams = z
  .object({
    ...learning,
    hidden: learning.hidden.default(20),
    lr: learning.lr.default(0.05),
    epochs: learning.epochs.default(20),
    batchSize: learning.batchSize.default(20),
    spec: MovieSpec.default(MovieSpec.parse({})),
    /** 'spin': +1 / −1 / 0 unseen (the paper's); 'naive': 1 like, 0 dislike or unseen; 'both' compares them. */
    encoding: z.enum(['spin', 'naive', 'both']).default('both')
  })
  .strict()

export type RbmMoviesParams = z.output<typeof rbmMoviesParams>

export const rbmMovies = defineKind({
  kind: 'rbm.movies',
  title: 'Boltzmann machine: movie ratings',
  summary: 'Synthetic like/dislike/unseen ratings (users × movies, a few latent genres); held-out ratings predicted by the RBM against a popularity baseline, with ±1 and naive {0,1} encodings.',
  params: rbmMoviesParams,
  control: rbmTrainControl,
  result: z
    .object({
      heldOutRatings: z.number().int(),
      popularityAccuracy: z.number(),
      bayesOptimalAccuracy: z.number(),
      /** E[max(p, 1 − p)] over the held-out pairs: the accuracy the Bayes-optimal rule expects. */
      bayesOptimalExpected: z.number(),
      accuracy_spin: z.number().optional(),
      accuracy_naive: z.number().optional(),
      stoppedByUser: z.boolean()
    })
    .strict(),
  artifacts: [
    { name: 'movies.genre', description: 'the genre of each movie, the generator’s truth (Int32 movies)' },
    { name: 'rbm.<encoding>', description: 'the machine of one encoding (spin, naive), packed as the rbm artifact of rbm.train' },
    { name: 'genres.<encoding>', description: 'correlation of each hidden unit’s weights with each genre, Float64 n_h × genres' }
  ],
  series: ['accuracy_spin', 'accuracy_naive', 'popularity', 'epoch', 'lr']
})
