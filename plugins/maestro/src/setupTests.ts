import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The Material UI pages and dialogs render slowly when Jest runs several suites at once on a small machine:
// give findBy…/waitFor and the tests more time than the defaults (1 s and 5 s) so that load does not fail them.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(30_000);
