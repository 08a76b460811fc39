// The BDD globals @web/test-runner's mocha provides in the browser (no @types/mocha installed).
declare function describe(name: string, fn: () => void): void;
declare function it(name: string, fn: () => void | Promise<unknown>): void;
declare function beforeEach(fn: () => void | Promise<unknown>): void;
declare function afterEach(fn: () => void | Promise<unknown>): void;
