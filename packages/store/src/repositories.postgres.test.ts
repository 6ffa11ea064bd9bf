import { describeRepositories } from './repository-suite.js';

describeRepositories('postgres');
