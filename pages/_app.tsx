// The Pages Router serves the respondent's journey (pages/respond) with no Next.js runtime
// JavaScript; it takes the same GOV.UK styles as the App Router's root layout.
import type { AppProps } from "next/app";
import "../app/_styles/app.scss";

export default function App({ Component, pageProps }: AppProps) {
  return <Component {...pageProps} />;
}
