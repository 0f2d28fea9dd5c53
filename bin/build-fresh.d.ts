/** Types of build-fresh.js (plain JavaScript: it runs before anything is compiled). */
export declare const ROOT: string;
export declare const STAMP: string;
export declare function buildIsFresh(root?: string): boolean;
