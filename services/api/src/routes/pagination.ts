import { z } from 'zod';
import { queryInt } from '@booth/shared/api';

export const pageSchema = z.object({
  limit: queryInt(1, 200).default(50),
  offset: queryInt(0, 1_000_000).default(0),
});
