/**
 * The visual editor's model, in three files: the draft and its conversion to
 * and from a definition (editor-draft), its checks (editor-problems) and its
 * edits (editor-edits). This file keeps the one import path.
 */
export * from "./editor-draft";
export * from "./editor-problems";
export * from "./editor-edits";
