// zod/mini registers no locale, so without this every issue would read just "Invalid input". zod's own English
// locale (only it: the named import lets the bundler drop the others). Imported for its side effect by every module
// that defines schemas; the setting is global and idempotent.
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());
