import { describeRepositories } from './repository-suite.js';

describeRepositories('pglite');
