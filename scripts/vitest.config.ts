import { testProject } from '../vitest.project.ts';

export default testProject('scripts', ['*.test.ts']);
