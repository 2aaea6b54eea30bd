import { newsroomScreens } from '../helpers/newsroom-screens.ts';

newsroomScreens(1280);
