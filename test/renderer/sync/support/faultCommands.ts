import fc from 'fast-check';
import { expect } from 'vitest';
import { demoProducts } from '../../../../server/seed/demoData';
import { sellForCash } from './cashSale';
import { expectToldIsRecorded } from './faultChecks';
import { CATALOG_SIZE, reloadTill, type Real } from './faultWorld';

/** What the test expects: per till, how many sales it confirmed and whether its network is up. */
export type Model = { tills: { sold: number; down: boolean }[]; servers: number };

type Command = fc.AsyncCommand<Model, Real>;
const products = demoProducts(CATALOG_SIZE);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The cashier confirms `n` cash sales; each is at the till from then on, through any reload. */
export class Sell implements Command {
  constructor(
    readonly till: number,
    readonly n: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const till = real.tills[this.till]!;
    for (let i = 0; i < this.n; i++) {
      const p = products[(model.tills[this.till]!.sold + i) % products.length]!;
      const { sale } = await sellForCash(till.db, p);
      till.confirmed.set(sale.saleId, sale.receiptNo);
    }
    model.tills[this.till]!.sold += this.n;
    expect(await till.db.sales.count()).toBe(model.tills[this.till]!.sold);
  }
  toString = () => `sell(till ${this.till}, ${this.n})`;
}

/** One sync cycle of one till, through whatever the network and the servers do to it. */
class Sync implements Command {
  constructor(readonly till: number) {}
  check = () => true;
  async run(_model: Model, real: Real) {
    await real.tills[this.till]!.sync.syncNow();
    await expectToldIsRecorded(real);
  }
  toString = () => `sync(till ${this.till})`;
}

/** Every till syncs at the same moment (on PostgreSQL, to different server processes). */
class SyncAll implements Command {
  check = () => true;
  async run(_model: Model, real: Real) {
    await Promise.all(real.tills.map((t) => t.sync.syncNow()));
    await expectToldIsRecorded(real);
  }
  toString = () => 'syncAll';
}

class Network implements Command {
  constructor(
    readonly till: number,
    readonly down: boolean,
  ) {}
  check = (model: Readonly<Model>) => model.tills[this.till]!.down !== this.down;
  async run(model: Model, real: Real) {
    real.tills[this.till]!.proxy.faults.down = this.down;
    model.tills[this.till]!.down = this.down;
    await Promise.resolve();
  }
  toString = () => `network(till ${this.till}, ${this.down ? 'down' : 'up'})`;
}

/** The server records the next push, and its answer is lost on the way back. */
class LoseAnswer implements Command {
  constructor(readonly till: number) {}
  check = (model: Readonly<Model>) => !model.tills[this.till]!.down;
  async run(_model: Model, real: Real) {
    const till = real.tills[this.till]!;
    till.proxy.faults.loseNextAnswer = true;
    await till.sync.syncNow();
    till.proxy.faults.loseNextAnswer = false;
    await expectToldIsRecorded(real);
  }
  toString = () => `loseAnswer(till ${this.till})`;
}

/** The store app reloads: new database handles and a new sync engine over the same IndexedDB. */
class Reload implements Command {
  constructor(readonly till: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const till = real.tills[this.till]!;
    await reloadTill(till);
    expect(await till.db.sales.count()).toBe(model.tills[this.till]!.sold);
  }
  toString = () => `reload(till ${this.till})`;
}

/** A server process killed (SIGKILL) and started again on the same database. */
class RestartServer implements Command {
  constructor(readonly server: number) {}
  check = (model: Readonly<Model>) => this.server < model.servers;
  async run(_model: Model, real: Real) {
    await real.side.kill(this.server);
    await expectToldIsRecorded(real);
    await real.side.start(this.server);
  }
  toString = () => `restartServer(${this.server})`;
}

/**
 * The till's server is killed while the till syncs, `afterMs` after a push reaches the proxy:
 * before, during or after the batch's commit, or between pushes of one drain.
 */
class CrashMidSync implements Command {
  constructor(
    readonly till: number,
    readonly afterMs: number,
  ) {}
  check = (model: Readonly<Model>) => !model.tills[this.till]!.down;
  async run(_model: Model, real: Real) {
    const till = real.tills[this.till]!;
    const server = till.upstream;
    const pushed = till.proxy.nextPush();
    const syncing = till.sync.syncNow();
    await Promise.race([pushed, syncing]);
    await sleep(this.afterMs);
    await real.side.kill(server);
    await syncing;
    await expectToldIsRecorded(real);
    await real.side.start(server);
  }
  toString = () => `crashMidSync(till ${this.till}, ${this.afterMs} ms)`;
}

/** The till is pointed at the other server process on the same PostgreSQL. */
class Swap implements Command {
  constructor(readonly till: number) {}
  check = (model: Readonly<Model>) => model.servers > 1;
  async run(_model: Model, real: Real) {
    const till = real.tills[this.till]!;
    till.upstream = (till.upstream + 1) % real.side.count;
    await Promise.resolve();
  }
  toString = () => `swapServer(till ${this.till})`;
}

/** The till's next push reaches both server processes at once (a replayed request, a failover). */
class PushToAll implements Command {
  constructor(readonly till: number) {}
  check = (model: Readonly<Model>) => model.servers > 1 && !model.tills[this.till]!.down;
  async run(_model: Model, real: Real) {
    const till = real.tills[this.till]!;
    till.proxy.faults.pushToAllNext = true;
    await till.sync.syncNow();
    till.proxy.faults.pushToAllNext = false;
    await expectToldIsRecorded(real);
  }
  toString = () => `pushToAll(till ${this.till})`;
}

/** The commands a run is made of; sales and syncs come up more often than the faults. */
export function faultCommands(tills: number, servers: number) {
  const till = fc.nat({ max: tills - 1 });
  const server = fc.nat({ max: servers - 1 });
  const sell = till.chain((t) => fc.integer({ min: 1, max: 6 }).map((n) => new Sell(t, n)));
  const sync = till.map((t) => new Sync(t));
  return [
    sell,
    sell,
    sync,
    sync,
    fc.constant(new SyncAll()),
    fc.tuple(till, fc.boolean()).map(([t, down]) => new Network(t, down)),
    till.map((t) => new LoseAnswer(t)),
    till.map((t) => new Reload(t)),
    server.map((s) => new RestartServer(s)),
    fc.tuple(till, fc.integer({ min: 0, max: 40 })).map(([t, ms]) => new CrashMidSync(t, ms)),
    till.map((t) => new Swap(t)),
    till.map((t) => new PushToAll(t)),
  ];
}
