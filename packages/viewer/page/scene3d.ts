import * as THREE from 'three';

/** The parts of MuJoCo's model and data the scene reads (typed-array views into WASM memory). */
export interface Physics {
  model: { ngeom: number; geom_type: Int32Array; geom_size: Float64Array; geom_rgba: Float32Array };
  data: { geom_xpos: Float64Array; geom_xmat: Float64Array; xpos: Float64Array };
}

const PLANE = 0, SPHERE = 2, CAPSULE = 3, ELLIPSOID = 4, CYLINDER = 5, BOX = 6;

/** One THREE geometry for a MuJoCo geom, in the geom's own frame (MuJoCo's capsules and cylinders lie along z). */
function geometry(type: number, size: ArrayLike<number>): THREE.BufferGeometry | undefined {
  switch (type) {
    case PLANE:
      return new THREE.PlaneGeometry(size[0] > 0 ? 2 * size[0] : 60, size[1] > 0 ? 2 * size[1] : 60);
    case SPHERE:
      return new THREE.SphereGeometry(size[0], 24, 16);
    case ELLIPSOID:
      return new THREE.SphereGeometry(1, 24, 16).scale(size[0], size[1], size[2]);
    case CAPSULE:
      return new THREE.CapsuleGeometry(size[0], 2 * size[1], 8, 16).rotateX(Math.PI / 2);
    case CYLINDER:
      return new THREE.CylinderGeometry(size[0], size[0], 2 * size[1], 24).rotateX(Math.PI / 2);
    case BOX:
      return new THREE.BoxGeometry(2 * size[0], 2 * size[1], 2 * size[2]);
    default:
      return undefined; // height fields and meshes: none in these models
  }
}

/** Colours for geoms that keep MuJoCo's default grey. */
const PALETTE = ['#3465a4', '#e07b00', '#4e9a06', '#75507b'];

/** A chequered floor texture, drawn here (no image is fetched). */
function floorTexture(): THREE.Texture {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const g = canvas.getContext('2d')!;
  for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) {
    g.fillStyle = (i + j) % 2 === 0 ? '#d9dee6' : '#b9c2cf';
    g.fillRect(i * 8, j * 8, 8, 8);
  }
  const texture = new THREE.CanvasTexture(canvas);
  texture.wrapS = texture.wrapT = THREE.RepeatWrapping;
  texture.repeat.set(15, 15);
  texture.magFilter = THREE.NearestFilter;
  return texture;
}

/**
 * The environment's own MuJoCo model drawn with three.js: a mesh per geom,
 * placed every frame from MuJoCo's geom_xpos / geom_xmat, and a camera that
 * follows the agent's root body from the side.
 */
export class MujocoScene {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera: THREE.PerspectiveCamera;
  private readonly meshes: { mesh: THREE.Mesh; geom: number }[] = [];
  /** The camera's distance, set on the first draw (after a reset has placed the bodies). */
  private distance = 0;

  constructor(canvas: HTMLCanvasElement, private readonly physics: () => Physics) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(1);
    this.scene.background = new THREE.Color('#f4f6fa');
    this.camera = new THREE.PerspectiveCamera(45, canvas.width / canvas.height, 0.01, 200);
    this.camera.up.set(0, 0, 1);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x667788, 2.2));
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(2, -3, 5);
    this.scene.add(sun);
    const { model } = physics();
    let coloured = 0;
    for (let g = 0; g < model.ngeom; g++) {
      const type = model.geom_type[g];
      const shape = geometry(type, model.geom_size.subarray(3 * g, 3 * g + 3));
      if (!shape) continue;
      const rgba = model.geom_rgba.subarray(4 * g, 4 * g + 4);
      // a geom left at MuJoCo's default grey (InvertedPendulum's) gets a colour of its own, so that it stands out from the floor
      const grey = rgba[0] === rgba[1] && rgba[1] === rgba[2] && Math.abs(rgba[0] - 0.5) < 1e-6;
      const colour = grey ? new THREE.Color(PALETTE[coloured++ % PALETTE.length]) : new THREE.Color(rgba[0], rgba[1], rgba[2]);
      const material = type === PLANE
        ? new THREE.MeshLambertMaterial({ map: floorTexture() })
        : new THREE.MeshStandardMaterial({ color: colour, roughness: 0.6, metalness: 0.1, transparent: rgba[3] < 1, opacity: rgba[3] });
      const mesh = new THREE.Mesh(shape, material);
      mesh.matrixAutoUpdate = false;
      this.scene.add(mesh);
      this.meshes.push({ mesh, geom: g });
    }
  }

  /** A distance that frames the agent: its geoms' reach around the root body (the floor plane left out). */
  private framing(): number {
    const { model, data } = this.physics();
    let reach = 0.3;
    for (let g = 0; g < model.ngeom; g++) {
      if (model.geom_type[g] === PLANE) continue;
      const d = Math.hypot(data.geom_xpos[3 * g] - data.xpos[3], data.geom_xpos[3 * g + 1] - data.xpos[4], data.geom_xpos[3 * g + 2] - data.xpos[5]);
      reach = Math.max(reach, d + Math.max(model.geom_size[3 * g], model.geom_size[3 * g + 1]));
    }
    return 3.2 * reach;
  }

  /** A model without a ground plane (InvertedPendulum's rail floats) gets a chequered floor under its lowest geom. */
  private addFloorIfNone(): void {
    const { model, data } = this.physics();
    let lowest = Infinity;
    for (let g = 0; g < model.ngeom; g++) {
      if (model.geom_type[g] === PLANE) return;
      lowest = Math.min(lowest, data.geom_xpos[3 * g + 2] - Math.max(model.geom_size[3 * g], model.geom_size[3 * g + 1]));
    }
    const floor = new THREE.Mesh(new THREE.PlaneGeometry(40, 40), new THREE.MeshLambertMaterial({ map: floorTexture() }));
    floor.position.z = (Number.isFinite(lowest) ? lowest : 0) - 0.4;
    this.scene.add(floor);
  }

  draw(): void {
    const { data } = this.physics();
    if (this.distance === 0) {
      this.distance = this.framing();
      this.addFloorIfNone();
    }
    const p = data.geom_xpos;
    const r = data.geom_xmat;
    for (const { mesh, geom: g } of this.meshes) {
      mesh.matrix.set(r[9 * g], r[9 * g + 1], r[9 * g + 2], p[3 * g], r[9 * g + 3], r[9 * g + 4], r[9 * g + 5], p[3 * g + 1], r[9 * g + 6], r[9 * g + 7], r[9 * g + 8], p[3 * g + 2], 0, 0, 0, 1);
      mesh.matrixWorldNeedsUpdate = true;
    }
    // follow the root body (body 1; body 0 is the world)
    const x = data.xpos[3], y = data.xpos[4], z = data.xpos[5];
    this.camera.position.set(x, y - this.distance, Math.max(0.3, z) + 0.35 * this.distance);
    this.camera.lookAt(x, y, Math.max(0.15, z * 0.8));
    this.renderer.render(this.scene, this.camera);
  }
}
