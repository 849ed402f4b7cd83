// The respondent pages' document. The nonce of the page's Content-Security-Policy (proxy.ts)
// goes on whatever Next writes into the head and body; the pages themselves run no Next.js
// script (unstable_runtimeJS: false), and a chapter page's own script carries it too.
import Document, { Head, Html, Main, NextScript, type DocumentContext, type DocumentInitialProps } from "next/document";

type Props = DocumentInitialProps & { nonce?: string };

export default class RespondDocument extends Document<Props> {
  static async getInitialProps(ctx: DocumentContext): Promise<Props> {
    const initialProps = await Document.getInitialProps(ctx);
    const nonce = ctx.req?.headers["x-nonce"];
    return { ...initialProps, nonce: typeof nonce === "string" ? nonce : undefined };
  }

  render() {
    const { nonce } = this.props;
    return (
      <Html lang="en-GB" className="govuk-template govuk-template--rebranded">
        <Head nonce={nonce} />
        <body className="govuk-template__body">
          <Main />
          <NextScript nonce={nonce} />
        </body>
      </Html>
    );
  }
}
