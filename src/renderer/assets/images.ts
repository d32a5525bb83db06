// Images shipped inside the renderer build. The cat is imported from resources/ with `?url`, so
// Vite copies it into the build's assets (hashed name) and the panel loads it from there.
// Source and licence: resources/images/NOTES.md.
import catUrl from '../../../resources/images/cat-chelsea.png?url'

export const CAT = {
  url: catUrl,
  name: 'Chelsea the cat',
  credit: 'Photograph by Stefan van der Walt, CC0 (as distributed with scikit-image)'
} as const
