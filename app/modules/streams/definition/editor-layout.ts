/** Spacing of nodes placed without a saved position. */
export const COLUMN_WIDTH = 320;
export const ROW_HEIGHT = 150;
