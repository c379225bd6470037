import { router } from '../init';
import { deviceRouter } from './device';
import { hqRouter } from './hq';
import { syncRouter } from './sync';

export const appRouter = router({
  device: deviceRouter,
  sync: syncRouter,
  hq: hqRouter,
});

export type AppRouter = typeof appRouter;
