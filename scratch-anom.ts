import { readFileSync } from 'node:fs'
import { localContext } from './src/engine/localContext'
import { decodeDigits } from './src/engine/data/digits'
import { runAutoencoderTraining } from './src/engine/autoencoder/trainJob'
import { autoencoderTrainParams } from './src/shared/kinds/autoencoder'
const images = decodeDigits(new Uint8Array(readFileSync('resources/mnist/digits.bin')))
const latent = Number(process.argv[2]); const epochs = Number(process.argv[3]); const loss = process.argv[4]
for (let cls = 0; cls < 10; cls++) {
  const r = runAutoencoderTraining(autoencoderTrainParams.parse({ dataset: { source: 'mnist' }, encoder: [256], latent, hiddenActivation: 'relu', loss, epochs, anomaly: { heldOutClass: cls } }) as any, localContext(1).ctx, { images })
  console.log(`latent ${latent} ${loss} class ${cls}: AUC ${r.anomaly!.auc!.toFixed(3)} baseline ${r.anomaly!.baselineAuc!.toFixed(3)}`)
}
