// Copies ECharts' browser bundle (1 MB) next to the compiled report renderer, which inlines it into every HTML
// report. The echarts package is 62 MB; vendoring its one file at build time keeps it out of production installs
// and of the Docker image (issue 16).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const target = new URL('../dist/report/', import.meta.url);
mkdirSync(target, { recursive: true });
copyFileSync(require.resolve('echarts/dist/echarts.min.js'), new URL('echarts.min.js', target));
copyFileSync(join(dirname(require.resolve('echarts/package.json')), 'LICENSE'), new URL('echarts.LICENSE.txt', target));
