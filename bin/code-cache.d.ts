/** Types of code-cache.js (plain JavaScript: it runs before anything is compiled). */
export declare function cacheFor(source: string, cache: Buffer | undefined): Buffer | undefined;
export declare function runCommandScript(file: string, cacheFile: string, metaUrl: string, write?: boolean): 'used' | 'refused' | 'none' | 'writing';
