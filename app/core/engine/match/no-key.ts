/** The id of an absent key (null or ""): never equal to any key, not even another absent one. */
export const NO_KEY = -1;
