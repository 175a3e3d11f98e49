/** What a settings form's action returns, as the page sees it after serialization. */
export interface FormErrorView {
  message: string;
  status: number;
  fields: Record<string, string>;
}

export type FormResultView<T> = ({ ok: true } & T) | { ok: false; error: FormErrorView };
