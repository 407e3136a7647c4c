import { render } from 'preact';
import { Options } from './options.tsx';
import './popup.css';

const root = document.getElementById('app');
if (root) render(<Options />, root);
