// zod/mini registers no locale, so every issue would read just "Invalid input". Classic zod registered English on
// first use, and its messages reach users and logs (validate.ts, parseWebviewMessage), so register the same ones.
// Imported for its side effect by every module that defines schemas; the setting is global and idempotent.
// Not `z.locales.en()`: through that namespace esbuild keeps every locale (+250 KB per bundle); this keeps only English.
import * as z from 'zod/mini';
import * as locales from 'zod/locales';

z.config(locales.en());
