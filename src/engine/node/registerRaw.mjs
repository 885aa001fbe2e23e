import { register } from 'node:module';
register('./rawLoader.mjs', import.meta.url);
