// The wasm backend's self-contained ES bundle (its "module" entry imports files the package does not ship).
declare module '@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.fesm.js' {
  export * from '@tensorflow/tfjs-backend-wasm';
}
