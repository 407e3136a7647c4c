import { render } from 'preact';

function App() {
  return <main>Device Companion</main>;
}

const root = document.getElementById('app');
if (root) render(<App />, root);
