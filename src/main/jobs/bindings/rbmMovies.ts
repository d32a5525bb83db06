import { rbmMovies } from '../../../shared/kinds/rbmMovies'
import { runRbmMovies } from '../../../engine/rbm/moviesJob'
import { defineBinding } from '../binding'

export const rbmMoviesBinding = defineBinding(rbmMovies, { run: runRbmMovies })
