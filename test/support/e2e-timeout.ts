// testTimeout is a global jest option, not a project's: the e2e project sets its own here.
jest.setTimeout(60_000);
