import { rbmMovies } from '../../../shared/kinds/rbmMovies'
import { runRbmMovies } from '../../../engine/rbm/moviesJob'
import { defineBinding } from '../binding'
import { rbmMoviesMemory } from '../../../engine/rbm/memory'

export const rbmMoviesBinding = defineBinding(rbmMovies, {
  memory: (p) => rbmMoviesMemory({ ...p.spec, hidden: p.hidden, batchSize: p.batchSize }),
  run: runRbmMovies
})
